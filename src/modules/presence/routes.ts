import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../shared/schemas.js';
import { CallLogParams } from '../call-logs/schemas.js';
import { markClosed, markViewing } from './service.js';

const presenceErrors = errorResponses('notAuthenticated', 'callLogNotFound', 'validation');

export const presenceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.put(
    '/call-logs/:call_log_id/presence',
    {
      schema: {
        tags: ['call-logs'],
        summary: 'I have this call open (repeat every 20 s while it stays open)',
        description:
          'The clinic’s live stream then sends a `presence` event `{call_log_id, viewers: [{id, name}]}` to everyone, the caller included. The entry expires ZENICALL_PRESENCE_TTL_SECONDS (45) after the last PUT; several tabs of one user count once.',
        params: CallLogParams,
        response: { 204: Type.Null({ description: 'Noted' }), ...presenceErrors },
      },
    },
    async (request, reply) => {
      await markViewing(app.db, app.presence, request.principal, request.params.call_log_id);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/call-logs/:call_log_id/presence',
    {
      schema: {
        tags: ['call-logs'],
        summary: 'I closed this call',
        params: CallLogParams,
        response: { 204: Type.Null({ description: 'Noted' }), ...presenceErrors },
      },
    },
    async (request, reply) => {
      await markClosed(app.db, app.presence, request.principal, request.params.call_log_id);
      return reply.status(204).send(null);
    },
  );
};
