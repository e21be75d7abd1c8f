import DataLoader from 'dataloader';
import { sql, type AliasedSelectQueryBuilder, type RawBuilder, type SqlBool } from 'kysely';
import { compiledQuery } from '../../db/compiled-query.js';
import { asCallLogRow } from '../../db/column-forms.js';
import { dialectOf } from '../../db/dialect.js';
import { forUpdate, insertIfAbsent } from '../../db/portable.js';
import {
  CALL_STATUSES,
  PRIORITY_RANKS,
  type CallLogChanges,
  type CallLogRow,
  type CallReason,
  type CallStatus,
  type ClinicRow,
  type Db,
  type NewCallLog,
  type PriorityRank,
} from '../../db/database.js';
import { callerCallCountColumn, callerCountOfCall } from '../caller-history/repository.js';
import { userDisplayName, WORK_SELECTION } from '../work-queue/repository.js';
import { callLogListRows } from './list-rows.js';
import { DETAIL_COLUMNS, type CallLogDetailRow, type CallLogListRow } from './mapper.js';
import { countSearch, countSearchByStatus, searchCallLogs, searchPlanFor, type SearchTerm } from './search.js';

export type CallLogSort = 'newest' | 'due' | 'priority';

export interface CallLogFilters {
  clinicId: number;
  terms: SearchTerm[];
  statuses: CallStatus[];
  reasons: CallReason[];
  /** UTC text bounds: from inclusive, to exclusive. */
  startedFrom?: string;
  startedTo?: string;
  /** A user's calls, or the unassigned ones (`'none'`). */
  assignee?: number | 'none';
  priorities: PriorityRank[];
  /** Calls due before this UTC instant (the service narrows `statuses` to the open ones with it). */
  dueBefore?: string;
  sort: CallLogSort;
}

/** The statuses whose calls are still to be worked: what "overdue", "due today" and the work counts count. */
export const OPEN_STATUSES: CallStatus[] = ['NEW', 'IN_PROGRESS'];

/** The filters but search (a search runs through the word index: search.ts). */
function filtered(db: Db, filters: CallLogFilters, statuses = filters.statuses) {
  let query = db.selectFrom('call_logs').where('call_logs.clinic_id', '=', filters.clinicId);
  if (statuses.length > 0) query = query.where('call_logs.status', 'in', statuses);
  if (filters.reasons.length > 0) query = query.where('call_logs.reason_for_call', 'in', filters.reasons);
  if (filters.startedFrom) query = query.where('call_logs.call_started_at', '>=', filters.startedFrom);
  if (filters.startedTo) query = query.where('call_logs.call_started_at', '<', filters.startedTo);
  return query;
}

/** Whether the list needs the work state to filter or order (otherwise `call_logs`' own indexes serve it). */
const usesWork = (filters: CallLogFilters) =>
  filters.assignee !== undefined || filters.priorities.length > 0 || filters.dueBefore !== undefined || filters.sort !== 'newest';

/** Whether a filter reads more than the work rows (search words, reasons): the page is then sorted, not merged from index ranges. */
const readsCallLogs = (filters: CallLogFilters) => filters.terms.length > 0 || filters.reasons.length > 0;

/**
 * The calls a search matches, as a subquery of `call_log_id`s (search.ts plans it through the word
 * index); undefined without a search, null when nothing can match.
 */
async function searchMatches(db: Db, filters: CallLogFilters): Promise<RawBuilder<unknown> | null | undefined> {
  if (filters.terms.length === 0) return undefined;
  const plan = await searchPlanFor(db, filters);
  return plan.empty ? null : sql`SELECT m.call_log_id FROM (${plan.matched}) m`;
}

/** Part of a work-queue page: one status, and for the due orders the calls with or without a due time. */
interface Branch {
  status?: CallStatus;
  dueIsNull?: boolean;
}

/**
 * The work rows matching the filters, as `w`; with `call_logs` joined when a filter reads it. The
 * conditions on `w` are those of its indexes (migration 010), so a branch is one ordered index range.
 */
function workFiltered(db: Db, filters: CallLogFilters, branch: Branch = {}, matched?: RawBuilder<unknown>) {
  let query = db.selectFrom('call_log_work as w').where('w.clinic_id', '=', filters.clinicId);
  if (branch.status) query = query.where('w.status', '=', branch.status);
  else if (filters.statuses.length > 0) query = query.where('w.status', 'in', filters.statuses);
  if (filters.assignee === 'none') query = query.where('w.assignee_user_id', 'is', null);
  else if (filters.assignee !== undefined) query = query.where('w.assignee_user_id', '=', filters.assignee);
  if (filters.priorities.length > 0) query = query.where('w.priority', 'in', filters.priorities);
  if (filters.dueBefore !== undefined) query = query.where('w.callback_due_at', '<', filters.dueBefore);
  if (branch.dueIsNull === true) query = query.where('w.callback_due_at', 'is', null);
  if (branch.dueIsNull === false) query = query.where('w.callback_due_at', 'is not', null);
  if (filters.startedFrom) query = query.where('w.call_started_at', '>=', filters.startedFrom);
  if (filters.startedTo) query = query.where('w.call_started_at', '<', filters.startedTo);
  if (matched) query = query.where(sql<SqlBool>`w.call_log_id IN (${matched})`);
  return query.$if(filters.reasons.length > 0, (narrowed) =>
    narrowed.innerJoin('call_logs', 'call_logs.id', 'w.call_log_id').where('call_logs.reason_for_call', 'in', filters.reasons),
  );
}

/**
 * The order of a sort, on columns named `id`, `call_started_at`, `callback_due_at`, `priority` under
 * `prefix`: newest first; by due time (calls without one last), then newest; by priority, then as by due time.
 */
function orderOf(sort: CallLogSort, prefix: string, idColumn: string, dueIsNull?: boolean): RawBuilder<string>[] {
  const column = (name: string) => sql.ref(`${prefix}${name}`);
  const newest = [sql<string>`${column('call_started_at')} desc`, sql<string>`${sql.ref(`${prefix}${idColumn}`)} desc`];
  if (sort === 'newest') return newest;
  // Within one branch every due time is null or none is: the index's own order, no expression.
  const due =
    dueIsNull === true
      ? newest
      : dueIsNull === false
        ? [sql<string>`${column('callback_due_at')} asc`, ...newest]
        : [sql<string>`(${column('callback_due_at')} is null) asc`, sql<string>`${column('callback_due_at')} asc`, ...newest];
  return sort === 'due' ? due : [sql<string>`${column('priority')} asc`, ...due];
}

/**
 * The ids of a page of the work queue, in the sort's order. Without a search, each branch (a status,
 * and for the due orders with or without a due time) reads at most `offset + limit` entries of one
 * index, in order, and the branches are merged: no sort of the clinic's calls, whatever the filter.
 * With a search, the matches are narrowed by their indexes first, then sorted.
 */
function workPageIds(
  db: Db,
  filters: CallLogFilters,
  paging: { limit: number; offset: number },
  matched: RawBuilder<unknown> | undefined,
): AliasedSelectQueryBuilder<WorkPageId, 'page'> {
  const columns = ['w.call_log_id as id', 'w.call_started_at', 'w.callback_due_at', 'w.priority'] as const;
  if (readsCallLogs(filters)) {
    return orderOf(filters.sort, 'w.', 'call_log_id')
      .reduce((query, order) => query.orderBy(order), workFiltered(db, filters, {}, matched).select(columns))
      .limit(paging.limit)
      .offset(paging.offset)
      .as('page');
  }
  // Every index of `call_log_work` has the status right after the clinic: one ordered range per status.
  const statuses = filters.statuses.length > 0 ? filters.statuses : CALL_STATUSES;
  const nullness: (boolean | undefined)[] = filters.sort === 'newest' || filters.dueBefore !== undefined ? [undefined] : [false, true];
  const branches = statuses.flatMap((status) => nullness.map((dueIsNull) => ({ status, dueIsNull })));
  const branchIds = (branch: Branch, limit: number, offset: number) =>
    orderOf(filters.sort, 'w.', 'call_log_id', filters.dueBefore !== undefined ? false : branch.dueIsNull)
      .reduce((query, order) => query.orderBy(order), workFiltered(db, filters, branch, matched).select(columns))
      .limit(limit)
      .offset(offset);
  if (branches.length === 1) return branchIds(branches[0]!, paging.limit, paging.offset).as('page');
  return orderOf(filters.sort, '', 'id')
    .reduce(
      (query, order) => query.orderBy(order),
      branches
        .map((branch, i) => db.selectFrom(branchIds(branch, paging.offset + paging.limit, 0).as(`b${i}`)).selectAll())
        .reduce((union, branch) => union.unionAll(branch))
        .$call((union) => db.selectFrom(union.as('merged')).selectAll()),
    )
    .limit(paging.limit)
    .offset(paging.offset)
    .as('page');
}

interface WorkPageId {
  id: number;
  call_started_at: string;
  callback_due_at: string | null;
  priority: PriorityRank;
}

/** Only the clinic and status narrow the list: the exact counters answer totals, no row is counted. */
const countedByCounters = (filters: CallLogFilters) =>
  filters.terms.length === 0 && filters.reasons.length === 0 && !filters.startedFrom && !filters.startedTo && !usesWorkFilters(filters);

/** A work filter narrows the calls (a sort alone does not). */
const usesWorkFilters = (filters: CallLogFilters) =>
  filters.assignee !== undefined || filters.priorities.length > 0 || filters.dueBefore !== undefined;

/**
 * A page of the list, newest first by default. Without a search the page's ids come from the composite index
 * alone (a deferred join: the long rows are read for the 20 ids only); several statuses are merged
 * from one ordered index range each, so "New + In Progress" never sorts the clinic's calls.
 * A search reads its page from the word index (search.ts). A work-queue filter or order reads the ids
 * from `call_log_work`'s indexes the same way (`workPageIds`).
 */
export async function listCallLogs(db: Db, filters: CallLogFilters, paging: { limit: number; offset: number }): Promise<CallLogListRow[]> {
  if (usesWork(filters)) {
    const matched = await searchMatches(db, filters);
    if (matched === null) return [];
    return orderOf(filters.sort, 'page.', 'id')
      .reduce(
        (query, order) => query.orderBy(order),
        callLogListRows(db).innerJoin(workPageIds(db, filters, paging, matched), 'page.id', 'call_logs.id'),
      )
      .execute();
  }
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
  return callLogListRows(db)
    .innerJoin(pageIds.as('page'), 'page.id', 'call_logs.id')
    .orderBy('call_logs.call_started_at', 'desc')
    .orderBy('call_logs.id', 'desc')
    .execute();
}

const countAll = sql<number>`count(*)`.as('total');

export async function countCallLogs(db: Db, filters: CallLogFilters): Promise<number> {
  if (countedByCounters(filters)) {
    const byStatus = await countersOf(db, filters.clinicId);
    return byStatus
      .filter((row) => filters.statuses.length === 0 || filters.statuses.includes(row.status))
      .reduce((sum, row) => sum + row.total, 0);
  }
  if (usesWorkFilters(filters)) {
    const matched = await searchMatches(db, filters);
    if (matched === null) return 0;
    return Number((await workFiltered(db, filters, {}, matched).select(countAll).executeTakeFirstOrThrow()).total);
  }
  if (filters.terms.length > 0) return countSearch(db, filters);
  const row = await filtered(db, filters).select(countAll).executeTakeFirstOrThrow();
  return Number(row.total);
}

export async function countCallLogsByStatus(db: Db, filters: CallLogFilters): Promise<{ status: CallStatus; total: number }[]> {
  if (countedByCounters(filters)) return countersOf(db, filters.clinicId);
  if (usesWorkFilters(filters)) {
    const matched = await searchMatches(db, filters);
    if (matched === null) return [];
    const rows = await workFiltered(db, filters, {}, matched).select(['w.status', countAll]).groupBy('w.status').execute();
    return rows.map((row) => ({ status: row.status, total: Number(row.total) }));
  }
  if (filters.terms.length > 0) return countSearchByStatus(db, filters);
  const rows = await filtered(db, filters, [])
    .select(['call_logs.status', (eb) => eb.fn.countAll<number>().as('total')])
    .groupBy('call_logs.status')
    .execute();
  return rows.map((row) => ({ status: row.status, total: Number(row.total) }));
}

export interface WorkCounts {
  mine: number;
  unassigned: number;
  urgent: number;
  overdue: number;
  due_today: number;
}

/**
 * The work-queue chips: open calls (New, In Progress) that are the user's, nobody's, Urgent, overdue
 * (due before `now`) and due today (before `endOfToday`), with the list's other filters. Each count is
 * one range of a `call_log_work` index, all in one statement.
 */
export async function countWork(
  db: Db,
  filters: CallLogFilters,
  at: { userId: number; now: string; endOfToday: string },
): Promise<WorkCounts> {
  const open = { ...filters, statuses: OPEN_STATUSES, assignee: undefined, priorities: [], dueBefore: undefined };
  const matched = await searchMatches(db, open);
  if (matched === null) return { mine: 0, unassigned: 0, urgent: 0, overdue: 0, due_today: 0 };
  const count = (narrowed: Partial<CallLogFilters>) =>
    workFiltered(db, { ...open, ...narrowed }, {}, matched).select((eb) => eb.fn.countAll<number>().as('n'));
  const row = await db
    .selectNoFrom([
      count({ assignee: at.userId }).as('mine'),
      count({ assignee: 'none' }).as('unassigned'),
      count({ priorities: [PRIORITY_RANKS.URGENT] }).as('urgent'),
      count({ dueBefore: at.now }).as('overdue'),
      count({ dueBefore: at.endOfToday }).as('due_today'),
    ])
    .executeTakeFirstOrThrow();
  return {
    mine: Number(row.mine),
    unassigned: Number(row.unassigned),
    urgent: Number(row.urgent),
    overdue: Number(row.overdue),
    due_today: Number(row.due_today),
  };
}

/**
 * The earliest due time at or after `now` among the clinic's open calls: until then (while the clinic's
 * version holds) no open call becomes overdue, so an "overdue" answer computed now stays exact.
 */
export async function nextDueTime(db: Db, clinicId: number, now: string): Promise<string | null> {
  const row = await db
    .selectFrom('call_log_work')
    .select((eb) => eb.fn.min('callback_due_at').as('next'))
    .where('clinic_id', '=', clinicId)
    .where('status', 'in', OPEN_STATUSES)
    .where('callback_due_at', '>=', now)
    .executeTakeFirst();
  return row?.next ?? null;
}

async function countersOf(db: Db, clinicId: number): Promise<{ status: CallStatus; total: number }[]> {
  // The sum of the clinic's stripes (migration 014).
  const rows = await db
    .selectFrom('call_log_counters')
    .select(['status', (eb) => eb.fn.sum<number | string>('total').as('total')])
    .where('clinic_id', '=', clinicId)
    .groupBy('status')
    .execute();
  return rows.map((row) => ({ status: row.status, total: Number(row.total) }));
}

/** FLOAT read as DOUBLE: MariaDB's text protocol would round it to 6 significant digits. */
const durationAsDouble = sql<number | null>`CAST(call_logs.call_duration_seconds AS DOUBLE)`.as('call_duration_seconds');

/**
 * How a detail is read: `alone`, one statement; `locked`, the same statement also takes the call's row
 * lock for a read-modify-write (see `lockedCall`); `batched`, one statement shared by the reads that
 * arrive together (see `batchedDetails`), only outside a transaction.
 */
export type DetailRead = 'alone' | 'locked' | 'batched';

/** A call with its clinic and its caller's call count, in one round trip (the detail view embeds the clinic). */
export async function findCallLogWithClinic(db: Db, id: number, read: DetailRead = 'alone'): Promise<CallLogDetailRead | undefined> {
  if (read === 'batched') return batchedDetails(db).load(id);
  const [row] = await (read === 'locked' ? lockedCallLogWithClinic : callLogWithClinic)(db, id);
  return row && toDetailRead(row);
}

export interface CallLogDetailRead {
  row: CallLogDetailRow;
  clinic: ClinicRow;
  callerCalls: number;
}

function toDetailRead(read: Awaited<ReturnType<typeof callLogWithClinic>>[number]): CallLogDetailRead {
  const row = asCallLogRow(read);
  // The row keeps the clinic's columns beside its own: copying it without them (`...rest`) cost
  // more than the rest of the mapping.
  return {
    row,
    clinic: { id: row.clinic_id, name: row.clinic_name, created_at: row.clinic_created_at, updated_at: row.clinic_updated_at },
    // MariaDB sums as DECIMAL (text); SQLite as an integer.
    callerCalls: Number(row.caller_call_count),
  };
}

const detailOf = (db: Db) =>
  db
    .selectFrom('call_logs')
    .innerJoin('clinics', 'clinics.id', 'call_logs.clinic_id')
    .leftJoin('call_log_work as w', 'w.call_log_id', 'call_logs.id')
    .leftJoin('users', 'users.id', 'w.assignee_user_id')
    .leftJoin('call_log_caller_counts as callers', callerCountOfCall(db))
    .select(DETAIL_COLUMNS.map((column) => `call_logs.${column}` as const))
    .select(durationAsDouble)
    .select(['clinics.name as clinic_name', 'clinics.created_at as clinic_created_at', 'clinics.updated_at as clinic_updated_at'])
    .select([...WORK_SELECTION, userDisplayName.as('assignee_name')])
    .select(callerCallCountColumn.as('caller_call_count'));

const callLogWithClinic = compiledQuery('call-log-with-clinic', (db: Db, id: number) => detailOf(db).where('call_logs.id', '=', id));
const lockedCallLogWithClinic = compiledQuery('call-log-with-clinic-for-update', (db: Db, id: number) =>
  detailOf(db).where('call_logs.id', '=', lockedCall(db, id)),
);

/** Detail reads that share a statement, at most this many (the statement's ids, padded by repeating the first). */
const DETAIL_BATCH = 8;
type BatchIds = [number, number, number, number, number, number, number, number];
const callLogsWithClinic = compiledQuery(
  'call-logs-with-clinic',
  // One parameter per id: compiledQuery binds each argument (a rest parameter would hide them from it).
  (db: Db, a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number) =>
    detailOf(db).where('call_logs.id', 'in', [a, b, c, d, e, f, g, h]),
);

const loaders = new WeakMap<Db, DataLoader<number, CallLogDetailRead | undefined>>();

/**
 * The detail route's reads, batched: the reads asked for in one turn of the event loop (requests that
 * arrived together) share one statement. Why: a detail is one primary-key read, and most of its cost
 * on both sides is the round trip itself (the socket's write and read, waking the other side), not
 * the row. Nothing is cached: every read asks the database. Reads in a transaction must not come here.
 */
function batchedDetails(db: Db): DataLoader<number, CallLogDetailRead | undefined> {
  let loader = loaders.get(db);
  if (!loader) {
    loader = new DataLoader(
      async (ids) => {
        const padded = Array.from({ length: DETAIL_BATCH }, (_, i) => ids[i] ?? ids[0]!) as BatchIds;
        const rows = new Map((await callLogsWithClinic(db, ...padded)).map((row) => [row.id, toDetailRead(row)]));
        return ids.map((id) => rows.get(id));
      },
      // After the current I/O callbacks (setImmediate), not after the current one (DataLoader's default), so
      // requests read from several sockets in one turn share the statement.
      { cache: false, maxBatchSize: DETAIL_BATCH, batchScheduleFn: (dispatch) => setImmediate(dispatch) },
    );
    loaders.set(db, loader);
  }
  return loader;
}

/**
 * The call's id, read under its row lock (MariaDB; SQLite has one writer), as the detail's condition:
 * the lock comes from a subquery, so the rows joined to the call (its clinic, work row, assignee,
 * caller count) are read without locks, as any read, and the subquery runs before them, so they are
 * read once the lock is held. Two edits of one call then queue instead of deadlocking: without the lock
 * each would first hold a shared lock on the row (the foreign key of the edit it records) and then
 * both ask for the exclusive one to update it.
 */
function lockedCall(db: Db, id: number): RawBuilder<number> {
  return dialectOf(db) === 'mysql' ? sql<number>`(SELECT id FROM call_logs WHERE id = ${id} FOR UPDATE)` : sql<number>`${id}`;
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

/**
 * The change ring's entries of a clinic's stripe after `version` (migrations 013 and 014): what each
 * later version of that stripe changed.
 */
export async function readChangesSince(db: Db, clinicId: number, stripe: number, version: number): Promise<CallLogChange[]> {
  const rows = await db
    .selectFrom('call_log_changes')
    .select(['version', 'call_log_id', 'what', 'old_status', 'new_status'])
    .where('clinic_id', '=', clinicId)
    .where('stripe', '=', stripe)
    .where('version', '>', version)
    .execute();
  return rows.map((row) => ({ ...row, version: Number(row.version) }));
}
