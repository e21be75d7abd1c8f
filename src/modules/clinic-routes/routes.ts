import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../shared/schemas.js';
import { ClinicParams } from '../clinics/schemas.js';
import { startUnroutedReplay } from '../webhooks/retry-loop.js';
import { ClinicRoute, ClinicRouteCreate, ClinicRouteParams } from './schemas.js';
import { addClinicRoute, listClinicRoutes, removeClinicRoute } from './service.js';

/** Which voice-provider identifiers belong to a clinic (administrators). */
export const clinicRouteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const routing = { db: app.db, replayUnrouted: startUnroutedReplay(app) };

  app.get(
    '/clinics/:clinic_id/vapi-routes',
    {
      schema: {
        tags: ['clinics'],
        summary: 'The identifiers that route calls to this clinic (administrators)',
        params: ClinicParams,
        response: {
          200: Type.Array(Type.Ref(ClinicRoute)),
          ...errorResponses('notAuthenticated', 'forbidden', 'clinicNotFound', 'validation'),
        },
      },
    },
    (request) => listClinicRoutes(app.db, request.principal, request.params.clinic_id),
  );

  app.post(
    '/clinics/:clinic_id/vapi-routes',
    {
      schema: {
        tags: ['clinics'],
        summary: 'Route calls carrying this identifier to this clinic (administrators)',
        description: 'Reports that arrived before their route existed (state `unrouted`) are processed as soon as the route is added.',
        params: ClinicParams,
        body: Type.Ref(ClinicRouteCreate),
        response: {
          201: Type.Ref(ClinicRoute),
          ...errorResponses('notAuthenticated', 'forbidden', 'clinicNotFound', 'routeTaken', 'validation'),
        },
      },
    },
    async (request, reply) => {
      const route = await addClinicRoute(routing, request.principal, request.params.clinic_id, request.body);
      return reply.status(201).send(route);
    },
  );

  app.delete(
    '/clinics/:clinic_id/vapi-routes/:route_id',
    {
      schema: {
        tags: ['clinics'],
        summary: 'Stop routing this identifier to this clinic (administrators)',
        params: ClinicRouteParams,
        response: {
          204: Type.Null({ description: 'Removed' }),
          ...errorResponses('notAuthenticated', 'forbidden', 'clinicNotFound', 'routeNotFound', 'validation'),
        },
      },
    },
    async (request, reply) => {
      await removeClinicRoute(app.db, request.principal, request.params.clinic_id, request.params.route_id);
      return reply.status(204).send(null);
    },
  );
};
