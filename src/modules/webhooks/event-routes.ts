import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../shared/schemas.js';
import { getInboxEvent, listInboxEvents, retryInboxEvent } from './inbox-service.js';
import { ingestDepsOf } from './ingest.js';
import { WebhookEvent, WebhookEventPage, WebhookEventParams, WebhookEventQuery } from './schemas.js';

/** The inbox, for administrators: what arrived, what became of it, and a retry button. */
export const webhookEventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = ingestDepsOf(app);

  app.get(
    '/webhook-events',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Webhook deliveries, newest first (administrators)',
        querystring: WebhookEventQuery,
        response: { 200: Type.Ref(WebhookEventPage), ...errorResponses('notAuthenticated', 'forbidden', 'validation') },
      },
    },
    (request) => listInboxEvents(app.db, request.principal, request.query),
  );

  app.get(
    '/webhook-events/:event_id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'One webhook delivery (administrators)',
        params: WebhookEventParams,
        response: {
          200: Type.Ref(WebhookEvent),
          ...errorResponses('notAuthenticated', 'forbidden', 'webhookEventNotFound', 'validation'),
        },
      },
    },
    (request) => getInboxEvent(app.db, request.principal, request.params.event_id),
  );

  app.post(
    '/webhook-events/:event_id/retry',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Process a stored delivery again now (administrators)',
        description:
          'Safe for any event: processing is idempotent. Malformed deliveries stay rejected; a report the database refused is tried again (after, say, a column was widened).',
        params: WebhookEventParams,
        response: {
          200: Type.Ref(WebhookEvent),
          ...errorResponses('notAuthenticated', 'forbidden', 'webhookEventNotFound', 'validation'),
        },
      },
    },
    (request) => retryInboxEvent(deps, request.principal, request.params.event_id),
  );
};
