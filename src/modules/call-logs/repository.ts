import { sql } from 'kysely';
import { compiledQuery } from '../../db/compiled-query.js';
import { asCallLogRow } from '../../db/column-forms.js';
import { forUpdate, insertIfAbsent } from '../../db/portable.js';
import type { CallLogChanges, CallLogRow, CallReason, CallStatus, ClinicRow, Db, NewCallLog } from '../../db/database.js';
import { DETAIL_COLUMNS, LIST_COLUMNS, type CallLogListRow } from './mapper.js';
import { countSearch, countSearchByStatus, searchCallLogs, type SearchTerm } from './search.js';

export interface CallLogFilters {
  clinicId: number;
  terms: SearchTerm[];
  statuses: CallStatus[];
  reasons: CallReason[];
  /** UTC text bounds: from inclusive, to exclusive. */
  startedFrom?: string;
  startedTo?: string;
}

/** The filters but search (a search runs through the word index: search.ts). */
function filtered(db: Db, filters: CallLogFilters, statuses = filters.statuses) {
  let query = db.selectFrom('call_logs').where('call_logs.clinic_id', '=', filters.clinicId);
  if (statuses.length > 0) query = query.where('call_logs.status', 'in', statuses);
  if (filters.reasons.length > 0) query = query.where('call_logs.reason_for_call', 'in', filters.reasons);
  if (filters.startedFrom) query = query.where('call_logs.call_started_at', '>=', filters.startedFrom);
  if (filters.startedTo) query = query.where('call_logs.call_started_at', '<', filters.startedTo);
  return query;
}

/** Only the clinic and status narrow the list: the exact counters answer totals, no row is counted. */
const countedByCounters = (filters: CallLogFilters) =>
  filters.terms.length === 0 && filters.reasons.length === 0 && !filters.startedFrom && !filters.startedTo;

/**
 * A page of the list, newest first. Without a search the page's ids come from the composite index
 * alone (a deferred join: the long rows are read for the 20 ids only); several statuses are merged
 * from one ordered index range each, so "New + In Progress" never sorts the clinic's calls.
 * A search reads its page from the word index (search.ts).
 */
export async function listCallLogs(db: Db, filters: CallLogFilters, paging: { limit: number; offset: number }): Promise<CallLogListRow[]> {
  if (filters.terms.length > 0) return searchCallLogs(db, filters, paging);
  const newestIds = (statuses: CallStatus[], limit: number, offset: number) =>
    filtered(db, filters, statuses)
      .select(['call_logs.id', 'call_logs.call_started_at'])
      .orderBy('call_logs.call_started_at', 'desc')
      .orderBy('call_logs.id', 'desc')
      .limit(limit)
      .offset(offset);
  const pageIds =
    filters.statuses.length < 2
      ? newestIds(filters.statuses, paging.limit, paging.offset)
      : filters.statuses
          .map((status) => db.selectFrom(newestIds([status], paging.offset + paging.limit, 0).as(`s_${status}`)).selectAll())
          .reduce((union, branch) => union.unionAll(branch))
          .$call((union) => db.selectFrom(union.as('merged')).selectAll())
          .orderBy('call_started_at', 'desc')
          .orderBy('id', 'desc')
          .limit(paging.limit)
          .offset(paging.offset);
  return db
    .selectFrom('call_logs')
    .innerJoin(pageIds.as('page'), 'page.id', 'call_logs.id')
    .select(LIST_COLUMNS.map((column) => `call_logs.${column}` as const))
    .orderBy('call_logs.call_started_at', 'desc')
    .orderBy('call_logs.id', 'desc')
    .execute();
}

export async function countCallLogs(db: Db, filters: CallLogFilters): Promise<number> {
  if (countedByCounters(filters)) {
    const byStatus = await countersOf(db, filters.clinicId);
    return byStatus
      .filter((row) => filters.statuses.length === 0 || filters.statuses.includes(row.status))
      .reduce((sum, row) => sum + row.total, 0);
  }
  if (filters.terms.length > 0) return countSearch(db, filters);
  const row = await filtered(db, filters)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

export async function countCallLogsByStatus(db: Db, filters: CallLogFilters): Promise<{ status: CallStatus; total: number }[]> {
  if (countedByCounters(filters)) return countersOf(db, filters.clinicId);
  if (filters.terms.length > 0) return countSearchByStatus(db, filters);
  const rows = await filtered(db, filters, [])
    .select(['call_logs.status', (eb) => eb.fn.countAll<number>().as('total')])
    .groupBy('call_logs.status')
    .execute();
  return rows.map((row) => ({ status: row.status, total: Number(row.total) }));
}

async function countersOf(db: Db, clinicId: number): Promise<{ status: CallStatus; total: number }[]> {
  const rows = await db.selectFrom('call_log_counters').select(['status', 'total']).where('clinic_id', '=', clinicId).execute();
  return rows.map((row) => ({ status: row.status, total: Number(row.total) }));
}

/** FLOAT read as DOUBLE: MariaDB's text protocol would round it to 6 significant digits. */
const durationAsDouble = sql<number | null>`CAST(call_logs.call_duration_seconds AS DOUBLE)`.as('call_duration_seconds');

/** A call with its clinic, in one round trip (the detail view embeds the clinic). */
export async function findCallLogWithClinic(db: Db, id: number): Promise<{ row: CallLogRow; clinic: ClinicRow } | undefined> {
  const [read] = await callLogWithClinic(db, id);
  if (!read) return undefined;
  const row = asCallLogRow(read);
  // The row keeps the clinic's columns beside its own: copying it without them (`...rest`) cost
  // more than the rest of the mapping.
  return {
    row,
    clinic: { id: row.clinic_id, name: row.clinic_name, created_at: row.clinic_created_at, updated_at: row.clinic_updated_at },
  };
}

const callLogWithClinic = compiledQuery('call-log-with-clinic', (db: Db, id: number) =>
  db
    .selectFrom('call_logs')
    .innerJoin('clinics', 'clinics.id', 'call_logs.clinic_id')
    .select(DETAIL_COLUMNS.map((column) => `call_logs.${column}` as const))
    .select(durationAsDouble)
    .select(['clinics.name as clinic_name', 'clinics.created_at as clinic_created_at', 'clinics.updated_at as clinic_updated_at'])
    .where('call_logs.id', '=', id),
);

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
 * Inserts the call unless a row with its `external_call_id` exists; the new id when it inserted, null when the call was already there.
 * The one upsert primitive: concurrent deliveries of a call meet at the unique index, never in code.
 */
export function insertCallLogIfAbsent(db: Db, row: NewCallLog): Promise<number | null> {
  return insertIfAbsent(db, db.insertInto('call_logs').values(row), 'external_call_id');
}

/** The row for an external call id, locked until the transaction ends. */
export async function findCallLogByExternalIdForUpdate(db: Db, externalCallId: string): Promise<CallLogRow | undefined> {
  const query = db.selectFrom('call_logs').select(DETAIL_COLUMNS).select(durationAsDouble).where('external_call_id', '=', externalCallId);
  const row = await forUpdate(db, query).executeTakeFirst();
  return row && asCallLogRow(row);
}

/** The fields staff have changed by hand on this call. */
export async function editedFields(db: Db, callLogId: number): Promise<Set<string>> {
  const rows = await db.selectFrom('call_log_edits').select('field').distinct().where('call_log_id', '=', callLogId).execute();
  return new Set(rows.map((row) => row.field));
}

/** Where a call's recording is stored at the provider, and whose call it is (the recording route's lookup). */
export function findRecordingSource(db: Db, id: number) {
  return db.selectFrom('call_logs').select(['id', 'clinic_id', 'audio_recording_url']).where('id', '=', id).executeTakeFirst();
}

/** Whose call it is, and nothing else (the trail's and the notes' routes check this first). */
export async function findCallLogClinicId(db: Db, id: number): Promise<number | undefined> {
  const row = await db.selectFrom('call_logs').select('clinic_id').where('id', '=', id).executeTakeFirst();
  return row?.clinic_id;
}

export interface CallLogChange {
  version: number;
  call_log_id: number;
  /** Letters: i arrived, d left, s status, t searched text, r reason, o start, l another listed column. */
  what: string;
  old_status: CallStatus | null;
  new_status: CallStatus | null;
}

/** The change ring's entries of a clinic after `version` (migration 013): what each later version changed. */
export async function readChangesSince(db: Db, clinicId: number, version: number): Promise<CallLogChange[]> {
  const rows = await db
    .selectFrom('call_log_changes')
    .select(['version', 'call_log_id', 'what', 'old_status', 'new_status'])
    .where('clinic_id', '=', clinicId)
    .where('version', '>', version)
    .execute();
  return rows.map((row) => ({ ...row, version: Number(row.version) }));
}
