import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../shared/errors.js';
import { errorResponses } from '../../shared/schemas.js';
import { requireAdmin } from '../auth/principal.js';
import { toWebhookEvent } from './event-views.js';
import { findInboxEvent, pageInboxEvents } from './inbox.js';
import { ingestDepsOf, reprocessEvent } from './ingest.js';
import { WebhookEvent, WebhookEventPage, WebhookEventParams, WebhookEventQuery } from './schemas.js';

const eventNotFound = () => new AppError(404, 'WEBHOOK_EVENT_NOT_FOUND', 'No such webhook event.');

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
        response: { 200: Type.Ref(WebhookEventPage), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      requireAdmin(request.principal);
      const { page, limit, state, provider } = request.query;
      const { rows, total } = await pageInboxEvents(
        app.db,
        { states: state ?? [], provider },
        { limit, offset: (page - 1) * limit },
      );
      return { items: rows.map(toWebhookEvent), total, page, limit, pages: Math.ceil(total / limit) };
    },
  );

  app.get(
    '/webhook-events/:event_id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'One webhook delivery (administrators)',
        params: WebhookEventParams,
        response: { 200: Type.Ref(WebhookEvent), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      requireAdmin(request.principal);
      const row = await findInboxEvent(app.db, request.params.event_id);
      if (!row) throw eventNotFound();
      return toWebhookEvent(row);
    },
  );

  app.post(
    '/webhook-events/:event_id/retry',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Process a stored delivery again now (administrators)',
        description: 'Safe for any event: processing is idempotent. Rejected deliveries stay rejected.',
        params: WebhookEventParams,
        response: { 200: Type.Ref(WebhookEvent), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      requireAdmin(request.principal);
      const event = await findInboxEvent(app.db, request.params.event_id);
      if (!event) throw eventNotFound();
      await reprocessEvent(deps, event);
      return toWebhookEvent((await findInboxEvent(app.db, event.id))!);
    },
  );
};
