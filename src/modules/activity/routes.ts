import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../shared/schemas.js';
import { CallLogParams } from '../call-logs/schemas.js';
import { ClinicParams } from '../clinics/schemas.js';
import { ActivityPage, ActivityQuery, ClinicActivityQuery } from './schemas.js';
import { getCallActivity, getClinicActivity, type ActivityStore } from './service.js';

/** Reading the trail; nothing here (or anywhere) changes it. */
export const activityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const store: ActivityStore = { db: app.db, views: app.viewAudit };

  app.get(
    '/call-logs/:call_log_id/activity',
    {
      schema: {
        tags: ['call-logs'],
        summary: 'Who did what to a call, oldest first (the trail is append-only)',
        description:
          'Every view, change, note, callback attempt and recording play, with who did it (kept after their account is removed; null for the voice provider and Zenicall). Views are written in batches within about a second; a crash of the server loses at most that second of view records.',
        params: CallLogParams,
        querystring: ActivityQuery,
        response: { 200: Type.Ref(ActivityPage), ...errorResponses('notAuthenticated', 'callLogNotFound', 'validation') },
      },
    },
    (request) => getCallActivity(store, request.principal, request.params.call_log_id, request.query),
  );

  app.get(
    '/clinics/:clinic_id/activity',
    {
      schema: {
        tags: ['clinics'],
        summary: 'The clinic’s trail for review, newest first, by person, kind and period (administrators)',
        params: ClinicParams,
        querystring: ClinicActivityQuery,
        response: { 200: Type.Ref(ActivityPage), ...errorResponses('notAuthenticated', 'forbidden', 'clinicNotFound', 'validation') },
      },
    },
    (request) => getClinicActivity(store, request.principal, request.params.clinic_id, request.query),
  );
};
