import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppError } from '../../shared/errors.js';
import type { CallLogEvent, CallLogEventHub } from './live-updates.js';

const PING_INTERVAL_MS = 25_000;

/**
 * What may end a stream before the client leaves (its token expiring, its user losing access):
 * given `end`, it calls it once with the reason, and answers what stops it watching.
 */
export type StreamGuard = (end: (reason: AppError) => void) => () => void;

/**
 * Holds a server-sent-events response open and forwards the clinic's call-log events to it.
 * A comment line every 25 s keeps proxies from closing an idle connection. When the guard ends
 * the stream, a last `session.ended` event carries the reason as an error body
 * (`{detail, error_key}`), so the dashboard can tell "sign in again" from a dropped connection.
 */
export function streamClinicEvents(
  hub: CallLogEventHub,
  clinicId: number,
  request: FastifyRequest,
  reply: FastifyReply,
  guard: StreamGuard,
): void {
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  out.write('retry: 3000\n: connected\n\n');

  const send = (event: CallLogEvent) => out.write(`event: ${event.type}\ndata: ${JSON.stringify(event.item)}\n\n`);
  const unsubscribe = hub.subscribe(clinicId, send);
  const ping = setInterval(() => out.write(': ping\n\n'), PING_INTERVAL_MS);
  const stopWatching = guard((reason) => {
    stop();
    out.end(`event: session.ended\ndata: ${JSON.stringify({ detail: reason.message, error_key: reason.errorKey })}\n\n`);
  });
  function stop() {
    clearInterval(ping);
    unsubscribe();
    stopWatching();
  }
  request.raw.on('close', stop);
}
