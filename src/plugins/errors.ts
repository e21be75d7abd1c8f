import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ValidationError } from '../shared/errors.js';
import { toFieldErrors } from './validation.js';

/** Fastify's own client errors, given keys a program can switch on. */
const FASTIFY_ERROR_KEYS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
};

/**
 * The one error handler: every error becomes `{detail, error_key}`; a 422 adds `errors`; anything
 * unexpected is logged with its stack and answered as a bare 500, never leaking internals.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if ('validation' in error && error.validation) {
      const errors = toFieldErrors(error.validation, error.validationContext ?? 'body');
      return reply.status(422).send({
        detail: errors.map((e) => `${e.loc.join('.')}: ${e.msg}`).join('; '),
        error_key: 'VALIDATION_ERROR',
        errors,
      });
    }
    if (error instanceof ValidationError) {
      return reply.status(422).send({ detail: error.message, error_key: error.errorKey, errors: error.errors });
    }
    if (error instanceof AppError) {
      return reply.status(error.statusCode).headers(error.headers).send({ detail: error.message, error_key: error.errorKey });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send({
        detail: error.message,
        error_key: FASTIFY_ERROR_KEYS[error.code] ?? 'BAD_REQUEST',
      });
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.status(500).send({ detail: 'Something went wrong on our side; it has been logged.', error_key: 'INTERNAL_ERROR' });
  });
}

/**
 * Errors Fastify raises before any route or hook runs (a path that is not valid percent-encoding, a
 * path parameter over the router's length limit): the same `{detail, error_key}` body as the rest.
 * Passed to `Fastify({ frameworkErrors })`.
 */
export function sendFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return reply.status(414).send({ detail: 'A part of the URL is too long.', error_key: 'URI_TOO_LONG' });
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return reply.status(400).send({ detail: 'The URL is not valid.', error_key: 'INVALID_URL' });
  }
  reply.log.error({ err: error }, 'unexpected error');
  return reply.status(500).send({ detail: 'Something went wrong on our side; it has been logged.', error_key: 'INTERNAL_ERROR' });
}

/** The JSON 404 for any path nothing serves. */
export function sendNotFound(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send({ detail: `Nothing at ${request.method} ${request.url.split('?')[0]}.`, error_key: 'NOT_FOUND' });
}
