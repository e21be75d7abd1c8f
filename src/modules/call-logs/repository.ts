import { sql } from 'kysely';
import type { DialectName } from '../../db/create-db.js';
import type { CallLogChanges, CallLogRow, CallStatus, Db } from '../../db/database.js';
import { DETAIL_COLUMNS, LIST_COLUMNS, type CallLogListRow } from './mapper.js';
import { matchesSearch, type SearchTerm } from './search.js';

export interface CallLogFilters {
  clinicId: number;
  terms: SearchTerm[];
  statuses: CallStatus[];
}

function filtered(db: Db, dialect: DialectName, filters: CallLogFilters) {
  let query = db.selectFrom('call_logs').where('clinic_id', '=', filters.clinicId);
  if (filters.statuses.length > 0) query = query.where('status', 'in', filters.statuses);
  if (filters.terms.length > 0) query = query.where((eb) => matchesSearch(eb, dialect, filters.terms));
  return query;
}

export async function listCallLogs(
  db: Db,
  dialect: DialectName,
  filters: CallLogFilters,
  paging: { limit: number; offset: number },
): Promise<CallLogListRow[]> {
  return filtered(db, dialect, filters)
    .select(LIST_COLUMNS)
    .orderBy('call_started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(paging.limit)
    .offset(paging.offset)
    .execute();
}

export async function countCallLogs(db: Db, dialect: DialectName, filters: CallLogFilters): Promise<number> {
  const row = await filtered(db, dialect, filters)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** FLOAT read as DOUBLE: MariaDB's text protocol would round it to 6 significant digits. */
const durationAsDouble = sql<number | null>`CAST(call_duration_seconds AS DOUBLE)`.as('call_duration_seconds');

export async function findCallLog(db: Db, id: number): Promise<CallLogRow | undefined> {
  return db
    .selectFrom('call_logs')
    .select(DETAIL_COLUMNS)
    .select(durationAsDouble)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateCallLog(db: Db, id: number, changes: CallLogChanges): Promise<void> {
  await db.updateTable('call_logs').set(changes).where('id', '=', id).execute();
}

export async function recordEdits(
  db: Db,
  edits: { call_log_id: number; user_id: number; field: string; old_value: string | null; new_value: string | null; edited_at: string }[],
): Promise<void> {
  if (edits.length > 0) await db.insertInto('call_log_edits').values(edits).execute();
}
