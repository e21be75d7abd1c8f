import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../shared/schemas.js';
import { CallLogPage, CallLogParams } from '../call-logs/schemas.js';
import { CallerHistoryQuery } from './schemas.js';
import { listCallerHistory } from './service.js';

export const callerHistoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/call-logs/:call_log_id/caller-history',
    {
      schema: {
        tags: ['call-logs'],
        summary: 'The caller’s other calls to the clinic (same phone number, any status), newest first',
        description:
          'Phone numbers are compared by their digits alone ("+33 6 12…" and "0033612…" differ; "+33 6 12 34" and "+336 1234" match). A number with fewer than 3 digits (hidden) has no history.',
        params: CallLogParams,
        querystring: CallerHistoryQuery,
        response: { 200: Type.Ref(CallLogPage), ...errorResponses('notAuthenticated', 'callLogNotFound', 'validation') },
      },
    },
    (request) => listCallerHistory(app.db, request.principal, request.params.call_log_id, request.query),
  );
};
