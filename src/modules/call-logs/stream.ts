import type { FastifyReply } from 'fastify';
import type { AppError } from '../../shared/errors.js';

/**
 * What may end a stream before the client leaves (its token expiring, its user losing access):
 * given `end`, it calls it once with the reason, and answers what stops it watching.
 */
export type StreamGuard = (end: (reason: AppError) => void) => () => void;

/** What a client reading the stream can be sent: one server-sent event, its `id:` always set. */
export interface ServerSentEvent {
  event: string;
  id: string;
  data: unknown;
}

export interface EventStream {
  /** Writes the event unless the connection is gone; false when the socket's buffer is full. */
  send(event: ServerSentEvent): boolean;
  /** Bytes written but not yet taken by the client: a reader that stopped reading shows here. */
  readonly backlog: number;
  /** Finishes the response after a last event (the client reconnects), or drops a connection that will not drain. */
  end(last?: ServerSentEvent): void;
  destroy(): void;
  /** Called once, when the connection closes for whatever reason. */
  onClose(listener: () => void): void;
}

/**
 * Takes the response over as a server-sent-events stream. `connection: close` because a stream is
 * never followed by another request on its connection: when it ends (shutdown, revoked access), the
 * socket goes with it, and a closing server is not kept waiting for an idle keep-alive.
 */
export function openEventStream(reply: FastifyReply, retryMs: number): EventStream {
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'close',
    'x-accel-buffering': 'no',
  });
  out.write(`retry: ${retryMs}\n\n`);
  const open = () => !out.writableEnded && !out.destroyed;
  const write = (e: ServerSentEvent) => out.write(`event: ${e.event}\nid: ${e.id}\ndata: ${JSON.stringify(e.data)}\n\n`);
  return {
    send: (event) => (open() ? write(event) : true),
    get backlog() {
      return out.writableLength;
    },
    end(last) {
      if (!open()) return;
      if (last) write(last);
      out.end();
    },
    destroy: () => out.destroy(),
    onClose: (listener) => void out.once('close', listener),
  };
}
