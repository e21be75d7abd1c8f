import { sql } from 'kysely';
import type { DialectName } from '../../db/create-db.js';
import type { CallLogChanges, CallLogRow, CallReason, CallStatus, Db, NewCallLog } from '../../db/database.js';
import { DETAIL_COLUMNS, LIST_COLUMNS, type CallLogListRow } from './mapper.js';
import { matchesSearch, type SearchTerm } from './search.js';

export interface CallLogFilters {
  clinicId: number;
  terms: SearchTerm[];
  statuses: CallStatus[];
  reasons: CallReason[];
  /** UTC text bounds: from inclusive, to exclusive. */
  startedFrom?: string;
  startedTo?: string;
}

function filtered(db: Db, dialect: DialectName, filters: CallLogFilters) {
  let query = db.selectFrom('call_logs').where('clinic_id', '=', filters.clinicId);
  if (filters.statuses.length > 0) query = query.where('status', 'in', filters.statuses);
  if (filters.reasons.length > 0) query = query.where('reason_for_call', 'in', filters.reasons);
  if (filters.startedFrom) query = query.where('call_started_at', '>=', filters.startedFrom);
  if (filters.startedTo) query = query.where('call_started_at', '<', filters.startedTo);
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

export async function countCallLogsByStatus(
  db: Db,
  dialect: DialectName,
  filters: CallLogFilters,
): Promise<{ status: CallStatus; total: number }[]> {
  const rows = await filtered(db, dialect, filters)
    .select(['status', (eb) => eb.fn.countAll<number>().as('total')])
    .groupBy('status')
    .execute();
  return rows.map((row) => ({ status: row.status, total: Number(row.total) }));
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

/**
 * Inserts the call unless a row with its `external_call_id` exists; true when it inserted.
 * The one upsert primitive: concurrent deliveries of a call meet at the unique index, never in code.
 */
export async function insertCallLogIfAbsent(db: Db, dialect: DialectName, row: NewCallLog): Promise<boolean> {
  const insert = db.insertInto('call_logs').values(row);
  const result = await (
    dialect === 'mysql'
      ? insert.onDuplicateKeyUpdate({ external_call_id: sql`external_call_id` })
      : insert.onConflict((conflict) => conflict.column('external_call_id').doNothing())
  ).executeTakeFirstOrThrow();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The row for an external call id, locked until the transaction ends (MariaDB; SQLite writes one at a time). */
export async function findCallLogByExternalIdForUpdate(
  db: Db,
  dialect: DialectName,
  externalCallId: string,
): Promise<CallLogRow | undefined> {
  const query = db
    .selectFrom('call_logs')
    .select(DETAIL_COLUMNS)
    .select(durationAsDouble)
    .where('external_call_id', '=', externalCallId);
  return (dialect === 'mysql' ? query.forUpdate() : query).executeTakeFirst();
}

/** The fields staff have changed by hand on this call. */
export async function editedFields(db: Db, callLogId: number): Promise<Set<string>> {
  const rows = await db.selectFrom('call_log_edits').select('field').distinct().where('call_log_id', '=', callLogId).execute();
  return new Set(rows.map((row) => row.field));
}

export function findCallLogListRow(db: Db, id: number) {
  return db.selectFrom('call_logs').select(LIST_COLUMNS).where('id', '=', id).executeTakeFirst();
}
