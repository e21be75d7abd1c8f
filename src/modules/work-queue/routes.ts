import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../shared/schemas.js';
import { ClinicParams } from '../clinics/schemas.js';
import { WorkSettingsBody, WorkSettingsView } from './schemas.js';
import { getWorkSettings, putWorkSettings } from './settings-service.js';

/** A clinic's working calendar, from which calls' due times are computed. */
export const workSettingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/clinics/:clinic_id/work-settings',
    {
      schema: {
        tags: ['clinics'],
        summary: 'The clinic’s time zone, opening hours, callback windows and retry interval (the due-time rule’s inputs)',
        params: ClinicParams,
        response: { 200: Type.Ref(WorkSettingsView), ...errorResponses('notAuthenticated', 'clinicNotFound') },
      },
    },
    (request) => getWorkSettings(app.db, request.principal, request.params.clinic_id),
  );

  app.put(
    '/clinics/:clinic_id/work-settings',
    {
      schema: {
        tags: ['clinics'],
        summary: 'Replace the clinic’s work settings (administrators)',
        description:
          'Calls ingested from now on get their due time from these settings; calls already stored keep theirs. A clinic that never set them has the defaults: Europe/Paris, Monday–Friday 08:30–18:00, Morning 08:30–12:00, Afternoon 13:00–17:00, Evening 17:00–18:00, retries after 120 minutes.',
        params: ClinicParams,
        body: Type.Ref(WorkSettingsBody),
        response: { 200: Type.Ref(WorkSettingsView), ...errorResponses('notAuthenticated', 'forbidden', 'clinicNotFound', 'validation') },
      },
    },
    (request) => putWorkSettings(app.db, request.principal, request.params.clinic_id, request.body),
  );
};
