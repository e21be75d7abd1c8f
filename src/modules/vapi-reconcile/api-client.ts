import { asObject, at, type JsonObject } from '../webhooks/parsing/untrusted-json.js';

/**
 * The one part of Vapi's REST API the reconciler needs: `GET /call`, filtered by `updatedAt`,
 * authenticated with the organisation's private API key (`Authorization: Bearer`). Vapi answers a
 * plain JSON array of Call objects, at most `limit` of them, with no cursor; so a window that comes
 * back full is split in two and each half asked again, which finds every call whatever order Vapi
 * sorts them in.
 */

export interface VapiApiSettings {
  apiKey: string;
  /** Base URL, `https://api.vapi.ai` in production. */
  url: string;
  /** How long one request may take (default 30 s). */
  timeoutMs?: number;
  /** `limit` on each request (Vapi's default and ours: 100). */
  pageSize?: number;
  /** Stops the listing (the server shutting down). */
  signal?: AbortSignal;
}

/** Why a listing could not be completed, in words an operator can act on. */
export class VapiApiError extends Error {
  override name = 'VapiApiError';
}

/** A Call object as Vapi sends it; only `id` is known to be there, and it is checked by the caller. */
export type VapiCall = JsonObject;

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_PAGE_SIZE = 100;

/**
 * Every call whose `updatedAt` is in [from, to), as pages (one per window Vapi answered). A call
 * updated after it ended (analysis added, say) is still found: updatedAt is never before endedAt.
 * Throws `VapiApiError` at the first request that fails; pages already yielded stay yielded, so a
 * caller that must not act half-way collects first and acts after.
 */
export async function* callsUpdatedBetween(api: VapiApiSettings, from: Date, to: Date): AsyncGenerator<VapiCall[]> {
  const pageSize = api.pageSize ?? DEFAULT_PAGE_SIZE;
  const windows: Array<[fromMs: number, toMs: number]> = [[from.getTime(), to.getTime()]];
  for (let window = windows.pop(); window !== undefined; window = windows.pop()) {
    const [fromMs, toMs] = window;
    if (toMs <= fromMs) continue;
    const calls = await listCalls(api, { updatedAtGe: new Date(fromMs), updatedAtLt: new Date(toMs), limit: pageSize });
    if (calls.length < pageSize) {
      yield calls;
      continue;
    }
    // A full page may have left calls out: ask for each half instead (older half first).
    if (toMs - fromMs <= 1) {
      throw new VapiApiError(`Vapi holds more than ${pageSize} calls updated in the same millisecond (${new Date(fromMs).toISOString()}).`);
    }
    const middle = fromMs + Math.floor((toMs - fromMs) / 2);
    windows.push([middle, toMs], [fromMs, middle]);
  }
}

/** One `GET /call`. */
async function listCalls(api: VapiApiSettings, filters: { updatedAtGe: Date; updatedAtLt: Date; limit: number }): Promise<VapiCall[]> {
  const query = {
    updatedAtGe: filters.updatedAtGe.toISOString(),
    updatedAtLt: filters.updatedAtLt.toISOString(),
    limit: String(filters.limit),
  };
  const body = await getJson(api, 'call', query);
  if (!Array.isArray(body)) throw new VapiApiError('Vapi answered GET /call with something other than a list of calls.');
  return body.filter((item): item is VapiCall => asObject(item) !== undefined);
}

/**
 * `GET /assistant/{id}`: a call made with a saved assistant names only its id, while the clinic key
 * the webhook routes by lives in the assistant's `metadata`. Null when Vapi no longer has it.
 */
export async function getAssistant(api: VapiApiSettings, assistantId: string): Promise<JsonObject | null> {
  const body = await getJson(api, `assistant/${encodeURIComponent(assistantId)}`, {}, { notFound: null });
  if (body === null) return null;
  const assistant = asObject(body);
  if (assistant === undefined) throw new VapiApiError('Vapi answered GET /assistant/{id} with something other than an assistant.');
  return assistant;
}

/** A GET with the API key, a timeout and errors an operator can act on; the parsed JSON (undefined if not JSON). */
async function getJson(
  api: VapiApiSettings,
  path: string,
  query: Record<string, string>,
  options: { notFound?: null } = {},
): Promise<unknown> {
  const url = new URL(path, api.url.endsWith('/') ? api.url : `${api.url}/`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const timeoutMs = api.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const what = `GET ${url.pathname}`;

  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${api.apiKey}`, accept: 'application/json' },
      signal: api.signal ? AbortSignal.any([api.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    text = await response.text();
  } catch (error) {
    if (api.signal?.aborted) throw new VapiApiError('The listing was interrupted (Zenicall is shutting down).');
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      throw new VapiApiError(`Vapi did not answer ${what} at ${url.origin} within ${timeoutMs / 1000} s.`);
    }
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, a DNS error) is in its cause.
    const cause = at(error, 'cause', 'message');
    const reason = typeof cause === 'string' ? cause : error instanceof Error ? error.message : String(error);
    throw new VapiApiError(`Could not reach Vapi at ${url.origin}: ${reason}.`);
  }

  if (response.status === 401 || response.status === 403) {
    throw new VapiApiError(
      `Vapi refused the API key (HTTP ${response.status}${vapiMessage(text)}): ZENICALL_VAPI_API_KEY must be the organisation's private API key.`,
    );
  }
  if (response.status >= 500) {
    throw new VapiApiError(`Vapi failed to answer (HTTP ${response.status}${vapiMessage(text)}); nothing was ingested, try again later.`);
  }
  if (response.status === 404 && 'notFound' in options) return options.notFound;
  if (!response.ok) throw new VapiApiError(`Vapi refused ${what}${url.search} (HTTP ${response.status}${vapiMessage(text)}).`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Vapi's error bodies are `{message, error, statusCode}`; its `message` (shortened) helps the operator. */
function vapiMessage(text: string): string {
  let message: unknown;
  try {
    message = at(JSON.parse(text), 'message');
  } catch {
    return '';
  }
  if (Array.isArray(message)) message = message.join('; ');
  return typeof message === 'string' && message.trim() !== '' ? `: ${message.trim().slice(0, 200)}` : '';
}
