import { transactionThenEffects } from '../../db/after-commit.js';
import type { Db } from '../../db/database.js';
import { nowStored, toWireDateTime } from '../../shared/datetime.js';
import { ValidationError } from '../../shared/errors.js';
import { appendActivity } from '../activity/repository.js';
import { actorOf, visibleCallClinicId } from '../activity/service.js';
import type { ViewAudit } from '../activity/view-audit.js';
import type { Principal } from '../auth/principal.js';
import { publishAfterCommit, type LiveUpdates } from '../call-logs/live-updates.js';
import { findVisibleCallLog } from '../call-logs/service.js';
import { insertNote, listNotes } from './repository.js';
import { NOTE_MAX_CHARS, type Note, type NoteCreate, type NoteListQuery, type NotePage } from './schemas.js';

/** A note's text as stored: trimmed, 1 to NOTE_MAX_CHARS characters, else a 422 naming `loc`. */
export function noteText(body: string, loc: (string | number)[]): string {
  const text = body.trim();
  const chars = [...text].length;
  if (chars === 0 || chars > NOTE_MAX_CHARS) {
    throw new ValidationError([{ loc, msg: `must be 1 to ${NOTE_MAX_CHARS} characters (leading and trailing blanks do not count)` }]);
  }
  return text;
}

/**
 * Appends a note to a call and its `note_added` entry to the trail, in the caller's transaction (a
 * note never exists without its entry, nor the entry without the note).
 */
export async function appendNote(
  trx: Db,
  principal: Principal,
  call: { id: number; clinic_id: number },
  text: string,
  now: string,
): Promise<Note> {
  const author = actorOf(principal);
  const id = await insertNote(trx, {
    call_log_id: call.id,
    clinic_id: call.clinic_id,
    author_user_id: author.id,
    author_name: author.name,
    body: text,
    created_at: now,
  });
  await appendActivity(trx, {
    call_log_id: call.id,
    clinic_id: call.clinic_id,
    actor_user_id: author.id,
    actor_name: author.name,
    action: 'note_added',
    changes: { note_id: { from: null, to: id } },
    at: now,
  });
  return { id, body: text, author, created_at: toWireDateTime(now) };
}

/** What writing to a call's trail needs: the database, the live updates, and this process's queued view records. */
export interface TrailWriter extends LiveUpdates {
  db: Db;
  views: Pick<ViewAudit, 'flush'>;
}

/** Adds a staff member's note; open dashboards hear that the call changed, so an open panel shows it. */
export async function addNote(store: TrailWriter, principal: Principal, callLogId: number, input: NoteCreate): Promise<Note> {
  const text = noteText(input.body, ['body', 'body']);
  // Views queued a moment ago go in first, so the trail's ids keep the order things happened in.
  await store.views.flush();
  return transactionThenEffects(store.db, store.log, async (trx, afterCommit) => {
    const { row, clinic, callerCalls } = await findVisibleCallLog(trx, principal, callLogId);
    const note = await appendNote(trx, principal, row, text, nowStored());
    await publishAfterCommit(trx, afterCommit, store.events, 'call-log.updated', row, clinic, callerCalls);
    return note;
  });
}

/** A call's notes, newest last. */
export async function getNotes(db: Db, principal: Principal, callLogId: number, query: NoteListQuery): Promise<NotePage> {
  await visibleCallClinicId(db, principal, callLogId);
  const { rows, total } = await listNotes(db, callLogId, { limit: query.limit, offset: (query.page - 1) * query.limit });
  return {
    items: rows.map((row) => ({
      id: Number(row.id),
      body: row.body,
      author: { id: row.author_user_id, name: row.author_name },
      created_at: toWireDateTime(row.created_at),
    })),
    total,
    page: query.page,
    limit: query.limit,
    pages: Math.ceil(total / query.limit),
  };
}
