import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { errorResponses } from '../../shared/schemas.js';
import { checkRetellSignature, checkVapiCredentials } from './credentials.js';
import { receiveRawDelivery } from './delivery-service.js';
import { adapters, ingestDepsOf } from './ingest.js';
import { WebhookAck } from './schemas.js';

const WEBHOOK_BODY_LIMIT = 16 * 1024 * 1024;

const ackSchema = (provider: string, description: string) => ({
  tags: ['webhooks'],
  summary: `${provider} posts finished calls here`,
  description,
  security: [],
  body: Type.Unknown({ description: `The ${provider} delivery, as ${provider} sends it.` }),
  response: {
    200: Type.Ref(WebhookAck),
    202: Type.Ref(WebhookAck),
    // A report without a start time is refused with the plain error body, not a validation error.
    ...errorResponses(
      'webhookPayloadInvalid',
      'webhookCallIdMissing',
      'webhookUnauthorized',
      'bodyTooLarge',
      'webhookStartTimeMissing',
      'webhookNotConfigured',
      'databaseUnavailable',
    ),
  },
});

/**
 * The voice providers' webhooks: outside the staff token scope, each with its own credential check,
 * made on the raw body before anything is parsed or stored.
 */
export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Signatures are over the exact bytes sent, so the body stays text until the credential is checked.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const deps = { ...ingestDepsOf(app), log: app.log, spool: app.webhookSpool, waitMs: app.config.dbWaitMs };

  app.post(
    '/webhooks/vapi',
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: ackSchema(
        'Vapi',
        'Point the assistant’s Server URL here. Credential: `x-vapi-secret` or `Authorization: Bearer` with ZENICALL_VAPI_SECRET, or the HMAC pair `x-signature` + `x-timestamp` with ZENICALL_VAPI_HMAC_SECRET. `end-of-call-report` messages become call logs; other messages are acknowledged and ignored.',
      ),
    },
    async (request, reply) => {
      const raw = rawBody(request.body);
      checkVapiCredentials(request.headers, raw, app.config.vapi);
      return answer(reply, await receiveRawDelivery(deps, adapters.vapi, raw));
    },
  );

  app.post(
    '/webhooks/retell',
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: ackSchema(
        'Retell',
        'Retell’s webhook URL. Verified with `x-retell-signature` and ZENICALL_RETELL_API_KEY. `call_analyzed` events become call logs; other events are acknowledged and ignored.',
      ),
    },
    async (request, reply) => {
      const raw = rawBody(request.body);
      await checkRetellSignature(request.headers, raw, app.config.retell.apiKey);
      return answer(reply, await receiveRawDelivery(deps, adapters.retell, raw));
    },
  );
};

/**
 * The outcome as the provider should hear it: 200 when done or ignored, 202 when kept to process
 * later (in the inbox, or in the local spool while the database is unavailable).
 */
function answer(reply: FastifyReply, outcome: Awaited<ReturnType<typeof receiveRawDelivery>>) {
  switch (outcome.state) {
    case 'ignored':
      return reply.status(200).send({ status: 'ignored' });
    case 'processed':
      return reply.status(200).send({ status: 'processed', event_id: outcome.eventId, call_log_id: outcome.callLogId });
    case 'unrouted':
      return reply.status(202).send({ status: 'unrouted', event_id: outcome.eventId });
    case 'failed':
      return reply.status(202).send({ status: 'queued', event_id: outcome.eventId });
    case 'spooled':
      return reply.status(202).send({ status: 'spooled' });
  }
}

/** The catch-all content-type parser above hands every webhook body over as text. */
const rawBody = (body: unknown): string => (typeof body === 'string' ? body : '');
