import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../shared/schemas.js';
import { ClinicParams } from '../clinics/schemas.js';
import { RetentionSetting, RetentionUpdate } from './schemas.js';
import { getRetention, setRetention } from './service.js';

const errors = errorResponses('notAuthenticated', 'forbidden', 'clinicNotFound', 'validation');

/** How long a clinic keeps what its callers said (administrators). */
export const retentionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/clinics/:clinic_id/retention',
    {
      schema: {
        tags: ['clinics'],
        summary: 'How long the clinic keeps transcripts, conversations and recording links (administrators)',
        params: ClinicParams,
        response: { 200: Type.Ref(RetentionSetting), ...errors },
      },
    },
    (request) => getRetention(app.db, request.principal, request.params.clinic_id),
  );

  app.put(
    '/clinics/:clinic_id/retention',
    {
      schema: {
        tags: ['clinics'],
        summary: 'Set how long the clinic keeps transcripts, conversations and recording links (administrators)',
        description:
          'From the next purge (every ZENICALL_RETENTION_PURGE_SECONDS, or `zenicall retention purge`), calls that started more than `retention_days` days ago lose their transcript, conversation and recording link; the call itself, its status and summary, and its activity trail stay. `null` keeps everything.',
        params: ClinicParams,
        body: Type.Ref(RetentionUpdate),
        response: { 200: Type.Ref(RetentionSetting), ...errors },
      },
    },
    (request) => setRetention(app.db, request.principal, request.params.clinic_id, request.body),
  );
};
