import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CallLogEvent, CallLogEventHub } from './live-updates.js';

const PING_INTERVAL_MS = 25_000;

/**
 * Holds a server-sent-events response open and forwards the clinic's call-log events to it.
 * A comment line every 25 s keeps proxies from closing an idle connection.
 */
export function streamClinicEvents(hub: CallLogEventHub, clinicId: number, request: FastifyRequest, reply: FastifyReply): void {
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
  request.raw.on('close', () => {
    clearInterval(ping);
    unsubscribe();
  });
}
