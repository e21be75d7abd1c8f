import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';

/** Where log lines go instead of stdout (tests capture them). */
export interface LogStream {
  write(line: string): void;
}

/**
 * Anything that could be a credential is censored wherever it appears in a logged object, in case
 * some code logs a request, a header set or a body.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-vapi-secret"]',
  'req.headers["x-signature"]',
  'req.headers["x-retell-signature"]',
  'headers.authorization',
  'headers["x-vapi-secret"]',
  'access_token',
  '*.access_token',
  'password',
  '*.password',
];

/** Fastify's logger: pino at the configured level, credentials censored. */
export function loggerOptions(level: string, stream?: LogStream): FastifyServerOptions['logger'] {
  return { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, ...(stream ? { stream } : {}) };
}

/**
 * One line per request, written when it completes, naming its route pattern rather than its URL:
 * query strings (`search=Okafor`, phone digits, `access_token=`) and bodies carry patients' data
 * and credentials, so neither is ever logged. Replaces Fastify's two lines (incoming + completed,
 * each with the full URL); its other per-request lines are kept but never name the URL either.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      route: routeOf(request),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (error) request.log.error({ ...line, err: error }, 'request failed');
    else request.log.info(line, 'request');
  }

  override routeNotFound(): void {}

  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    const level = reply.statusCode >= 500 ? 'error' : 'info';
    request.log[level]({ route: routeOf(request), err: error }, error.message);
  }
}

/** Paths nothing serves are named without their query; their path is the client's, not a patient's. */
const routeOf = (request: FastifyRequest): string => request.routeOptions.url ?? `(no route) ${request.url.split('?')[0]!.slice(0, 200)}`;
