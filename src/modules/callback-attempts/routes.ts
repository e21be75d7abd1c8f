import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../shared/schemas.js';
import { sendCallLogDetail } from '../call-logs/detail-serializer.js';
import { CallLogDetailView, CallLogParams } from '../call-logs/schemas.js';
import { CallbackAttemptCreate } from './schemas.js';
import { recordCallbackAttempt } from './service.js';

export const callbackAttemptRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const store = { db: app.db, events: app.callLogEvents, log: app.log, views: app.viewAudit, recordingLinks: app.recordingLinks };

  app.post(
    '/call-logs/:call_log_id/callback-attempts',
    {
      schema: {
        tags: ['call-logs'],
        summary: 'Record a call back to the caller: one more attempt, and when to try again',
        description: [
          'Adds one to `callback_attempts` and sets `last_attempt_at` to now. After "No Answer" or "Left Voicemail" the call is due again',
          '(`callback_due_at`) one retry interval from now: the clinic’s work setting, 120 minutes by default; other results leave the due time as it was.',
          'The call’s trail gets a `callback_attempt` entry (`changes`: `result` and each field’s `{from, to}`); a `note` (1–4000 characters once trimmed)',
          'is added to the call’s notes with its own `note_added` entry. Answers the call as it now is; open dashboards receive a `call-log.updated` event.',
        ].join(' '),
        params: CallLogParams,
        body: Type.Ref(CallbackAttemptCreate),
        response: { 201: Type.Ref(CallLogDetailView), ...errorResponses('notAuthenticated', 'callLogNotFound', 'validation') },
      },
    },
    async (request, reply) =>
      sendCallLogDetail(reply.status(201), await recordCallbackAttempt(store, request.principal, request.params.call_log_id, request.body)),
  );
};
