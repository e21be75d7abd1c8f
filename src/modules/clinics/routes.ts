import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../shared/schemas.js';
import { Clinic, ClinicCreate, ClinicParams } from './schemas.js';
import { createClinic, getVisibleClinic, listVisibleClinics } from './service.js';

export const clinicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/clinics',
    {
      schema: {
        tags: ['clinics'],
        summary: 'The clinics you may see',
        response: { 200: Type.Array(Type.Ref(Clinic)), ...errorResponses('notAuthenticated', 'validation') },
      },
    },
    (request) => listVisibleClinics(app.db, request.principal),
  );

  app.get(
    '/clinics/:clinic_id',
    {
      schema: {
        tags: ['clinics'],
        summary: 'One clinic',
        params: ClinicParams,
        response: { 200: Type.Ref(Clinic), ...errorResponses('notAuthenticated', 'clinicNotFound', 'validation') },
      },
    },
    (request) => getVisibleClinic(app.db, request.principal, request.params.clinic_id),
  );

  app.post(
    '/clinics',
    {
      schema: {
        tags: ['clinics'],
        summary: 'Add a clinic (administrators)',
        body: Type.Ref(ClinicCreate),
        response: { 201: Type.Ref(Clinic), ...errorResponses('notAuthenticated', 'forbidden', 'validation') },
      },
    },
    async (request, reply) => reply.status(201).send(await createClinic(app.db, request.principal, request.body.name)),
  );
};
