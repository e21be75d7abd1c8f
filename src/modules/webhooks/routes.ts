import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses } from '../../shared/schemas.js';
import { checkRetellSignature, checkVapiCredentials, precheckRetellSignature, precheckVapiCredentials } from './credentials.js';
import { receiveRawDelivery } from './delivery-service.js';
import { adapters, ingestDepsOf } from './ingest.js';
import { WebhookAck } from './schemas.js';

/** Only for deliveries whose credential passed the check made before the body is read. */
const WEBHOOK_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * The door: before a byte of the body is read, a delivery must present a credential that could be
 * right (a shared secret that is right, or a signature that is well formed and fresh). Anything else
 * is answered at once and, when a body of more than a few kilobytes is on its way, its connection is
 * closed: an unauthenticated client can make the server neither buffer 16 MB nor wait for it. The
 * signature itself is verified once the body is in.
 */
const gate = (precheck: (request: FastifyRequest) => void) => async (request: FastifyRequest, reply: FastifyReply) => {
  try {
    precheck(request);
  } catch (error) {
    if (bodyToCome(request) > SMALL_BODY_BYTES) hangUpAfterAnswering(request, reply);
    throw error;
  }
};

/** A refused delivery's body up to this size is read and dropped, keeping the connection. */
const SMALL_BODY_BYTES = 64 * 1024;
/** How long, and how much, a refused client may go on sending once answered, before the socket is destroyed. */
const LINGER_MS = 1000;
const LINGER_BYTES = 256 * 1024;

const bodyToCome = (request: FastifyRequest) =>
  request.headers['transfer-encoding'] !== undefined ? Infinity : Number(request.headers['content-length'] ?? 0) || 0;

/**
 * Closing a socket while the client is still sending makes the system reset the connection, and a
 * reset can discard our answer before the client reads it. So, once answered: our side is closed
 * (FIN), what still arrives is dropped for at most LINGER_MS / LINGER_BYTES, then the socket goes.
 */
function hangUpAfterAnswering(request: FastifyRequest, reply: FastifyReply) {
  const socket = request.raw.socket;
  reply.raw.once('finish', () => {
    let dropped = 0;
    const timer = setTimeout(() => socket.destroy(), LINGER_MS).unref();
    socket.once('close', () => clearTimeout(timer));
    socket.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > LINGER_BYTES) socket.destroy();
    });
    socket.end();
  });
}

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
      'webhookReportUnstorable',
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
      onRequest: gate((request) => precheckVapiCredentials(request.headers, app.config.vapi)),
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
      onRequest: gate((request) => precheckRetellSignature(request.headers, app.config.retell.apiKey)),
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
