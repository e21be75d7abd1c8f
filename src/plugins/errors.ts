import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, catalogueEntry, ErrorCatalogue, ValidationError, type ErrorEntry } from '../shared/errors.js';
import { documentedErrorKeys } from '../shared/schemas.js';
import { isDatabaseUnavailable } from '../db/errors.js';
import { toFieldErrors } from './validation.js';

/** Fastify's own client errors, given catalogue keys a program can switch on. */
const FASTIFY_ERRORS: Record<string, ErrorEntry> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ErrorCatalogue.invalidJson,
  FST_ERR_CTP_EMPTY_JSON_BODY: ErrorCatalogue.invalidJson,
  FST_ERR_CTP_BODY_TOO_LARGE: ErrorCatalogue.bodyTooLarge,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ErrorCatalogue.unsupportedMediaType,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ErrorCatalogue.invalidContentLength,
};

const { databaseUnavailable, internal, invalidUrl, notFound, uriTooLong, validation } = ErrorCatalogue;

/**
 * The one error handler: every error becomes `{detail, error_key}`; a 422 adds `errors`; a database
 * that is down or frozen is a 503 with Retry-After (the client may try again; nothing was done);
 * anything else unexpected is logged with its stack and answered as a bare 500, never leaking internals.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if ('validation' in error && error.validation) {
      const errors = toFieldErrors(error.validation, error.validationContext ?? 'body');
      return reply.status(422).send({
        detail: errors.map((e) => `${e.loc.join('.')}: ${e.msg}`).join('; '),
        error_key: validation.key,
        errors,
      });
    }
    if (error instanceof ValidationError) {
      return reply.status(422).send({ detail: error.message, error_key: error.errorKey, errors: error.errors });
    }
    if (error instanceof AppError) {
      return reply.status(error.statusCode).headers(error.headers).send({ detail: error.message, error_key: error.errorKey });
    }
    // A client error of Fastify's keeps Fastify's status and message.
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send({
        detail: error.message,
        error_key: (FASTIFY_ERRORS[error.code] ?? ErrorCatalogue.badRequest).key,
      });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.error({ err: error }, 'the database is unavailable');
      return reply.status(databaseUnavailable.status).headers(databaseUnavailable.headers).send({
        detail: databaseUnavailable.detail,
        error_key: databaseUnavailable.key,
      });
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.status(internal.status).send({ detail: internal.detail, error_key: internal.key });
  });
}

/**
 * Errors Fastify raises before any route or hook runs (a path that is not valid percent-encoding, a
 * path parameter over the router's length limit): the same `{detail, error_key}` body as the rest.
 * Passed to `Fastify({ frameworkErrors })`.
 */
export function sendFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return reply.status(uriTooLong.status).send({ detail: uriTooLong.detail, error_key: uriTooLong.key });
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return reply.status(invalidUrl.status).send({ detail: invalidUrl.detail, error_key: invalidUrl.key });
  }
  reply.log.error({ err: error }, 'unexpected error');
  return reply.status(internal.status).send({ detail: internal.detail, error_key: internal.key });
}

/** The JSON 404 for any path nothing serves. */
export function sendNotFound(request: FastifyRequest, reply: FastifyReply) {
  const detail = `Nothing at ${request.method} ${request.url.split('?')[0]}.`;
  return reply.status(notFound.status).send({ detail, error_key: notFound.key });
}

/**
 * For tests (`buildApp(config, { checkErrorsDocumented: true })`): an error answer whose `error_key`
 * is not in the catalogue, or that its route's OpenAPI responses do not list for that status, is
 * replaced by a loud 500 UNDOCUMENTED_ERROR, so the test that provoked it fails on the spot. Errors
 * of the HTTP layer itself (`anyRoute` entries) may come from any route.
 */
export function checkErrorsDocumented(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode < 400 || typeof payload !== 'string') return payload;
    let key: unknown;
    try {
      key = (JSON.parse(payload) as { error_key?: unknown }).error_key;
    } catch {
      key = undefined;
    }
    const entry = typeof key === 'string' ? catalogueEntry(key) : undefined;
    const response = request.routeOptions.schema?.response as Record<string, unknown> | undefined;
    // A route without a response schema (health, the docs) documents nothing: any catalogue key will do.
    const documented =
      entry !== undefined &&
      (entry.anyRoute === true ||
        response === undefined ||
        (entry.status === reply.statusCode && documentedErrorKeys(response, reply.statusCode).includes(entry.key)));
    if (documented) return payload;
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
    const detail = `${route} answered ${reply.statusCode} ${String(key)}, which its OpenAPI responses do not list.`;
    request.log.error(detail);
    reply.status(500);
    return JSON.stringify({ detail, error_key: 'UNDOCUMENTED_ERROR' });
  });
}
