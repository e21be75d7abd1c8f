import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../shared/schemas.js';
import { CallLogParams } from '../call-logs/schemas.js';
import { Note, NoteCreate, NoteListQuery, NotePage } from './schemas.js';
import { addNote, getNotes, type TrailWriter } from './service.js';

const errors = errorResponses('notAuthenticated', 'callLogNotFound', 'validation');

/** Staff's internal notes on a call: read and added, never changed. */
export const noteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const store: TrailWriter = { db: app.db, events: app.callLogEvents, log: app.log, views: app.viewAudit };

  app.get(
    '/call-logs/:call_log_id/notes',
    {
      schema: {
        tags: ['call-logs'],
        summary: 'A call’s internal notes, newest last',
        params: CallLogParams,
        querystring: NoteListQuery,
        response: { 200: Type.Ref(NotePage), ...errors },
      },
    },
    (request) => getNotes(app.db, request.principal, request.params.call_log_id, request.query),
  );

  app.post(
    '/call-logs/:call_log_id/notes',
    {
      schema: {
        tags: ['call-logs'],
        summary: 'Add an internal note to a call (notes are never changed: a correction is a new note)',
        description:
          'Also writes a `note_added` entry to the call’s trail, and open dashboards receive a `call-log.updated` event for the call.',
        params: CallLogParams,
        body: Type.Ref(NoteCreate),
        response: { 201: Type.Ref(Note), ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await addNote(store, request.principal, request.params.call_log_id, request.body)),
  );
};
