import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFixture } from './vapi.js';

/**
 * A local stand-in for Vapi's REST API, answering `GET /call` (and `GET /assistant/{id}`) as Vapi documents it: bearer
 * authentication with the private API key, the `createdAt*` / `updatedAt*` window filters (Gt, Ge,
 * Lt, Le), `id`, `assistantId`, `phoneNumberId`, `limit` (default 100, at most 1000), newest first,
 * a plain JSON array of Call objects, and Vapi's error body `{message, error, statusCode}`.
 */

export type VapiCall = Record<string, unknown> & { id: string };

export interface VapiApiStandIn {
  url: string;
  apiKey: string;
  /** The calls Vapi holds (replace or push freely). */
  calls: VapiCall[];
  /** Saved assistants, by id. */
  assistants: Record<string, Record<string, unknown>>;
  /** The query of every `GET /call` received, in order. */
  requests: URLSearchParams[];
  /** From the `fromRequest`-th request on (1-based, counted from now), answer `status` instead, or never answer. */
  failFrom(fromRequest: number, status: number | 'never'): void;
  stopFailing(): void;
  /** Forget calls, requests and failures. */
  reset(): void;
  close(): Promise<void>;
}

const DATE_FILTERS = ['createdAt', 'updatedAt'].flatMap((field) =>
  (['Gt', 'Ge', 'Lt', 'Le'] as const).map((operator) => ({ param: `${field}${operator}`, field, operator })),
);
const MATCHES = {
  Gt: (a: number, b: number) => a > b,
  Ge: (a: number, b: number) => a >= b,
  Lt: (a: number, b: number) => a < b,
  Le: (a: number, b: number) => a <= b,
};

export async function startVapiApi(apiKey = `vapi-private-${randomUUID()}`): Promise<VapiApiStandIn> {
  let failure: { fromRequest: number; status: number | 'never' } | undefined;
  const standIn: Omit<VapiApiStandIn, 'url' | 'close'> = {
    apiKey,
    calls: [],
    assistants: {},
    requests: [],
    failFrom(fromRequest, status) {
      failure = { fromRequest: standIn.requests.length + fromRequest, status };
    },
    stopFailing() {
      failure = undefined;
    },
    reset() {
      standIn.calls = [];
      standIn.assistants = {};
      standIn.requests = [];
      failure = undefined;
    },
  };

  const send = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  };
  const error = (response: ServerResponse, statusCode: number, error: string, message: string | string[]) =>
    send(response, statusCode, { message, error, statusCode });

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://vapi.local');
    const assistantId = /^\/assistant\/([^/]+)$/.exec(url.pathname)?.[1];
    if (request.method !== 'GET' || (url.pathname !== '/call' && assistantId === undefined))
      return error(response, 404, 'Not Found', `Cannot ${request.method} ${url.pathname}`);
    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      return error(
        response,
        401,
        'Unauthorized',
        'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.',
      );
    }
    if (assistantId !== undefined) {
      const assistant = standIn.assistants[decodeURIComponent(assistantId)];
      return assistant ? send(response, 200, assistant) : error(response, 404, 'Not Found', "Couldn't Get Assistant. Assistant Not Found");
    }
    standIn.requests.push(url.searchParams);
    if (failure && standIn.requests.length >= failure.fromRequest) {
      if (failure.status === 'never') return;
      return error(response, failure.status, 'Internal Server Error', 'Internal server error');
    }

    const invalid: string[] = [];
    let selected = standIn.calls;
    for (const { param, field, operator } of DATE_FILTERS) {
      const value = url.searchParams.get(param);
      if (value === null) continue;
      const bound = Date.parse(value);
      if (!Number.isFinite(bound)) {
        invalid.push(`${param} must be a valid ISO 8601 date string`);
        continue;
      }
      selected = selected.filter((call) => MATCHES[operator](Date.parse(String(call[field])), bound));
    }
    for (const param of ['id', 'assistantId', 'phoneNumberId']) {
      const value = url.searchParams.get(param);
      if (value !== null) selected = selected.filter((call) => call[param] === value);
    }
    const limit = Number(url.searchParams.get('limit') ?? 100);
    if (!Number.isInteger(limit) || limit < 0 || limit > 1000) invalid.push('limit must not be greater than 1000');
    if (invalid.length > 0) return error(response, 400, 'Bad Request', invalid);

    const newestFirst = [...selected].sort((a, b) => Date.parse(String(b.createdAt)) - Date.parse(String(a.createdAt)));
    send(response, 200, newestFirst.slice(0, limit));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(standIn, {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      // Requests left unanswered on purpose must not hold the server open.
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

type JsonObject = Record<string, any>;

/**
 * The Call object `GET /call` returns for the call a webhook fixture reports: the report's `call`
 * (its state when the call began) brought to its end, with what the report carries at its top
 * level (analysis, artifact, times, cost) where Vapi keeps it on the Call. `endedMinutesAgo` moves
 * the call so it ended that long ago, under a new id; otherwise it keeps the fixture's id and times.
 */
export function callFromFixture(file: string, options: { endedMinutesAgo?: number; id?: string } = {}): VapiCall {
  const message = (JSON.parse(readFixture(file)) as { message: JsonObject }).message;
  const shift = options.endedMinutesAgo === undefined ? 0 : Date.now() - options.endedMinutesAgo * 60_000 - Date.parse(message.endedAt);
  const moved = (iso: string) => new Date(Date.parse(iso) + shift).toISOString();
  const call: JsonObject = {
    ...message.call,
    id: options.id ?? (options.endedMinutesAgo === undefined ? message.call.id : randomUUID()),
    status: 'ended',
    endedReason: message.endedReason,
    createdAt: moved(message.call.createdAt),
    // The analysis lands a few seconds after the call ends.
    updatedAt: moved(new Date(Date.parse(message.endedAt) + 4_000).toISOString()),
    startedAt: moved(message.startedAt),
    endedAt: moved(message.endedAt),
    cost: message.cost,
    costBreakdown: message.costBreakdown,
    costs: message.costs,
    messages: message.messages,
    analysis: message.analysis,
    artifact: message.artifact,
  };
  if (message.destination) call.destination = message.destination;
  return call as VapiCall;
}

/** A call Vapi is still connecting or carrying: no end, no analysis yet. */
export function callInProgress(startedMinutesAgo = 2): VapiCall {
  const started = new Date(Date.now() - startedMinutesAgo * 60_000).toISOString();
  const {
    analysis: _analysis,
    artifact: _artifact,
    endedAt: _endedAt,
    endedReason: _endedReason,
    ...call
  } = callFromFixture('02-cancellation.json', { endedMinutesAgo: 0 });
  return { ...call, status: 'in-progress', createdAt: started, startedAt: started, updatedAt: new Date().toISOString() };
}
