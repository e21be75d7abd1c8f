import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../shared/schemas.js';
import { ClinicParams } from '../clinics/schemas.js';
import {
  CallLogCounts,
  CallLogCountsQuery,
  CallLogDetailView,
  CallLogListQuery,
  CallLogPage,
  CallLogParams,
  CallLogUpdate,
} from './schemas.js';
import type { LiveUpdates } from './live-updates.js';
import { countClinicCallLogs, getCallLog, listClinicCallLogs, updateClinicCallLog, type CallLogStore } from './service.js';
import { VersionedCache } from '../../shared/versioned-cache.js';
import { DueHorizons } from '../work-queue/due-horizon.js';
import { ChangeLog } from './page-cache.js';
import { getVisibleClinic } from '../clinics/service.js';
import { sendCallLogDetail } from './detail-serializer.js';
import { canSeeClinic, type Principal } from '../auth/principal.js';
import { Errors } from '../../shared/errors.js';
import { actorOf } from '../activity/service.js';

/** About 6 KB a page: a few MB per process for the pages staff keep coming back to. */
const PAGE_CACHE_ENTRIES = 2000;

const clinicErrors = errorResponses('notAuthenticated', 'clinicNotFound', 'validation');
const callLogErrors = errorResponses('notAuthenticated', 'callLogNotFound', 'validation');
const streamErrors = errorResponses('notAuthenticated', 'clinicNotFound', 'validation', 'tooManyStreams');

export const callLogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const store: CallLogStore & LiveUpdates = {
    db: app.db,
    changes: new ChangeLog(),
    pages: new VersionedCache(PAGE_CACHE_ENTRIES),
    counts: new VersionedCache(PAGE_CACHE_ENTRIES),
    events: app.callLogEvents,
    log: app.log,
    recordingLinks: app.recordingLinks,
    dueHorizons: new DueHorizons(),
  };

  app.get(
    '/call-logs/by-clinic/:clinic_id',
    {
      schema: {
        tags: ['call-logs'],
        summary: 'A clinic’s calls, newest first, with search, filters and paging',
        params: ClinicParams,
        querystring: CallLogListQuery,
        response: { 200: Type.Ref(CallLogPage), ...clinicErrors },
      },
    },
    (request) => listClinicCallLogs(store, request.principal, request.params.clinic_id, request.query),
  );

  app.get(
    '/call-logs/by-clinic/:clinic_id/counts',
    {
      schema: {
        tags: ['call-logs'],
        summary: 'How many of a clinic’s calls match the filters, per status (for the filter chips)',
        params: ClinicParams,
        querystring: CallLogCountsQuery,
        response: { 200: Type.Ref(CallLogCounts), ...clinicErrors },
      },
    },
    (request) => countClinicCallLogs(store, request.principal, request.params.clinic_id, request.query),
  );

  app.get(
    '/call-logs/by-clinic/:clinic_id/stream',
    {
      config: { tokenInQuery: true },
      schema: {
        tags: ['call-logs'],
        summary: 'Live updates: a server-sent-events stream of the clinic’s new and changed calls',
        description: [
          'Events `call-log.created` and `call-log.updated`, each with a CallLogListItem as data. Every event has an `id:`.',
          '`presence` (data `{call_log_id, viewers: [{id, name}]}`, the user’s own entry included) whenever the set of people with a call open changes',
          '(`PUT`/`DELETE /call-logs/{id}/presence`, or an entry expiring); right after `ready`, one `presence` event per call of the clinic someone has open.',
          '`ready` (data `{heartbeat_seconds, resumed}`) says the stream is open; `heartbeat` comes every `heartbeat_seconds`,',
          'so a client that hears nothing for twice that knows the connection is gone.',
          'A reconnection with `Last-Event-ID` first gets the events it missed, or `resync` when they cannot be told',
          '(another server process, a restart): the client then refetches the list.',
          '`end` (data `{reason}`, e.g. `shutdown`) comes before the server closes the stream; reconnect.',
          'The stream also ends when the token expires or the user loses access (signed out, disabled, password changed, removed from the clinic):',
          'a last `session.ended` event carries the reason as an ErrorBody (`NOT_AUTHENTICATED`, `SESSION_REVOKED`, `ACCOUNT_DISABLED` or `CLINIC_NOT_FOUND`).',
          'Browsers’ EventSource cannot send headers, so the token may also come as `?access_token=`.',
        ].join(' '),
        params: ClinicParams,
        querystring: Type.Object({ access_token: Type.Optional(Type.String()) }),
        headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ maxLength: 200 })) }),
        produces: ['text/event-stream'],
        response: { 200: Type.String({ description: 'text/event-stream' }), ...streamErrors },
      },
    },
    async (request, reply) => {
      const clinicId = request.params.clinic_id;
      await getVisibleClinic(app.db, request.principal, clinicId);
      // Open as long as the token is good and the user still works for the clinic.
      const stillAllowed = (principal: Principal) => (canSeeClinic(principal, clinicId) ? undefined : Errors.clinicNotFound());
      app.liveStreams.open(reply, {
        userId: request.principal.id,
        clinicId,
        lastEventId: request.headers['last-event-id'],
        guard: (end) => app.sessions.watch(request.token, stillAllowed, end),
      });
    },
  );

  app.get(
    '/call-logs/:call_log_id',
    {
      schema: {
        tags: ['call-logs'],
        summary: 'One call, with its conversation',
        description: 'Each answer is recorded in the call’s trail as `viewed` by the user who asked (written within about a second).',
        params: CallLogParams,
        response: { 200: Type.Ref(CallLogDetailView), ...callLogErrors },
      },
    },
    async (request, reply) => {
      const detail = await getCallLog(store, request.principal, request.params.call_log_id);
      // Every detail shown is audited; queued, so the audit costs this route no write (activity/view-audit.ts).
      app.viewAudit.record({ call_log_id: detail.id, clinic_id: detail.clinic_id }, actorOf(request.principal));
      return sendCallLogDetail(reply, detail);
    },
  );

  app.patch(
    '/call-logs/:call_log_id',
    {
      schema: {
        tags: ['call-logs'],
        summary: 'Change a call’s status or correct what the receptionist noted',
        params: CallLogParams,
        body: Type.Ref(CallLogUpdate),
        response: { 200: Type.Ref(CallLogDetailView), ...callLogErrors },
      },
    },
    async (request, reply) =>
      sendCallLogDetail(reply, await updateClinicCallLog(store, request.principal, request.params.call_log_id, request.body)),
  );
};
