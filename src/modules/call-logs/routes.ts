import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../shared/schemas.js';
import { ClinicParams } from '../clinics/schemas.js';
import { CallLogDetailView, CallLogListQuery, CallLogPage, CallLogParams, CallLogUpdate } from './schemas.js';
import { getCallLog, listClinicCallLogs, updateClinicCallLog } from './service.js';

export const callLogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const store = { db: app.db, dialect: app.dialect };

  app.get(
    '/call-logs/by-clinic/:clinic_id',
    {
      schema: {
        tags: ['call-logs'],
        summary: 'A clinic’s calls, newest first, with search, filters and paging',
        params: ClinicParams,
        querystring: CallLogListQuery,
        response: { 200: Type.Ref(CallLogPage), ...errorResponses(401, 404) },
      },
    },
    (request) => listClinicCallLogs(store, request.principal, request.params.clinic_id, request.query),
  );

  app.get(
    '/call-logs/:call_log_id',
    {
      schema: {
        tags: ['call-logs'],
        summary: 'One call, with its conversation',
        params: CallLogParams,
        response: { 200: Type.Ref(CallLogDetailView), ...errorResponses(401, 404) },
      },
    },
    (request) => getCallLog(store, request.principal, request.params.call_log_id),
  );

  app.patch(
    '/call-logs/:call_log_id',
    {
      schema: {
        tags: ['call-logs'],
        summary: 'Change a call’s status or correct what the receptionist noted',
        params: CallLogParams,
        body: Type.Ref(CallLogUpdate),
        response: { 200: Type.Ref(CallLogDetailView), ...errorResponses(401, 404) },
      },
    },
    async (request) => (await updateClinicCallLog(store, request.principal, request.params.call_log_id, request.body)).view,
  );
};
