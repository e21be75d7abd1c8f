import { transactionThenEffects } from '../../db/after-commit.js';
import { PRIORITY_RANKS, type CallLogChanges, type CallLogRow, type CallStatus, type Db, type PriorityRank } from '../../db/database.js';
import { nowStored, toStoredDateTime, toWireDateTime } from '../../shared/datetime.js';
import { Errors, ValidationError } from '../../shared/errors.js';
import { callbackLabels, outcomeLabels, priorityLabels, reasonLabels, statusLabels } from '../../shared/labels.js';
import { appendActivities, type ActivityEntry } from '../activity/repository.js';
import type { DueHorizons } from '../work-queue/due-horizon.js';
import { findAssignableUser, updateCallLogWork, type WorkChanges } from '../work-queue/repository.js';
import { actorOf } from '../activity/service.js';
import { callFieldChanges } from '../work-queue/trail.js';
import { DEFAULT_WORK_SETTINGS } from '../work-queue/settings.js';
import { startOfNextDay } from '../work-queue/zoned-time.js';
import type { VersionedCache } from '../../shared/versioned-cache.js';
import { canSeeClinic, type Principal } from '../auth/principal.js';
import { toClinic } from '../clinics/mapper.js';
import { findClinicWithCallLogVersion } from '../clinics/repository.js';
import { publishAfterCommit, type LiveUpdates } from './live-updates.js';
import { toCallLogDetailView, toCallLogListItem, type CallLogDetailRow, type CallLogListRow, type WorkColumns } from './mapper.js';
import {
  countCallLogs,
  countCallLogsByStatus,
  countWork,
  findCallLogWithClinic,
  listCallLogs,
  nextDueTime,
  OPEN_STATUSES,
  recordEdits,
  updateCallLog,
  type CallLogFilters,
  type DetailRead,
  type CallLogSort,
} from './repository.js';
import type { CallLogCounts, CallLogCountsQuery, CallLogListQuery, CallLogPage, CallLogUpdate } from './schemas.js';
import { parseSearchTerms } from './search.js';
import { callLogVersion, countsSurvive, pageSurvives, type ChangeLog } from './page-cache.js';
import type { CallLogChange } from './repository.js';
import type { CallLogDetail } from './detail-serializer.js';
import type { RecordingLinks } from '../recordings/links.js';
import { callerCallCount, countCallsFromNumbers } from '../caller-history/repository.js';

export interface CallLogStore {
  db: Db;
  /** What recent versions of each clinic's calls changed: cached pages and counts outlive unrelated writes. */
  changes: ChangeLog;
  /** A page's rows and total, per version of the clinic's calls. */
  pages: VersionedCache<{ total: number; rows: CallLogListRow[]; callerCounts: Map<string, number> }>;
  /** The per-status totals, per version of the clinic's calls. */
  counts: VersionedCache<CallLogCounts>;
  /** Signs the playable link a detail carries instead of the provider's recording URL. */
  recordingLinks: RecordingLinks;
  /** When each clinic's next open call falls due: the time part of an "overdue" answer's cache key. */
  dueHorizons: DueHorizons;
}
type Store = CallLogStore;

/**
 * The clinic (or the same 404 as a missing one), with the version its cached pages are checked
 * against: every write to `call_logs` (ours or another program's) moves it in the same transaction
 * (triggers), so a cached page or count of this version is what the query would return now.
 */
async function visibleClinicVersion(db: Db, principal: Principal, clinicId: number) {
  const row = canSeeClinic(principal, clinicId) ? await findClinicWithCallLogVersion(db, clinicId) : undefined;
  if (!row) throw Errors.clinicNotFound();
  return { clinic: toClinic(row), version: callLogVersion(row.versions), timeZone: row.time_zone ?? DEFAULT_WORK_SETTINGS.time_zone };
}

/** Filter values come as labels ("In Progress") or storage names in any case ("in_progress"). */
function toStored<Stored extends string>(table: { stored: Stored[] }, value: string): Stored {
  const key = value.trim().toUpperCase().replace(/\s+/g, '_');
  return table.stored.find((stored) => stored === key) as Stored;
}

const unique = <T>(values: T[]) => [...new Set(values)];

type FilterQuery = CallLogCountsQuery & Partial<Pick<CallLogListQuery, 'sort'>>;

/** What a request's filters are read against: who asks, the instant, and the clinic's time zone (for "today"). */
interface Clock {
  principal: Principal;
  now: string;
  timeZone: string;
}

/** The end of the clinic's today, UTC storage text. */
const endOfToday = (clock: Clock) => toStoredDateTime(startOfNextDay(new Date(toWireDateTime(clock.now)), clock.timeZone));

function toFilters(clinicId: number, query: FilterQuery, clock: Clock): CallLogFilters {
  const startedFrom = query.started_from ? toStoredDateTime(new Date(query.started_from)) : undefined;
  const startedTo = query.started_to ? toStoredDateTime(new Date(query.started_to)) : undefined;
  if (startedFrom && startedTo && startedFrom > startedTo) {
    throw new ValidationError([{ loc: ['query', 'started_to'], msg: 'must not be before started_from' }]);
  }
  return {
    clinicId,
    terms: parseSearchTerms(query.search),
    statuses: unique([...(query['status[]'] ?? []), ...(query.status ?? [])].map((v) => toStored(statusLabels, v))),
    reasons: unique([...(query['reason_for_call[]'] ?? []), ...(query.reason_for_call ?? [])].map((v) => toStored(reasonLabels, v))),
    startedFrom,
    startedTo,
    assignee:
      query.assignee === undefined
        ? undefined
        : query.assignee === 'none'
          ? 'none'
          : query.assignee === 'me'
            ? clock.principal.id
            : Number(query.assignee),
    priorities: unique([...(query['priority[]'] ?? []), ...(query.priority ?? [])].map(toPriority)).sort(),
    dueBefore: query.due === 'overdue' ? clock.now : query.due === 'today' ? endOfToday(clock) : undefined,
    sort: (query.sort ?? 'newest') as CallLogSort,
  };
}

const toPriority = (value: string): PriorityRank =>
  priorityLabels.fromLabel(priorityLabels.labels.find((label) => label.toLowerCase() === value.trim().toLowerCase())!);

/**
 * The statuses a due filter leaves: open ones only (an overdue call is one still to be worked). Empty
 * when the status filter asks for closed calls only: nothing can match.
 */
function withOpenStatuses(filters: CallLogFilters): CallLogFilters | null {
  if (filters.dueBefore === undefined) return filters;
  const statuses: CallStatus[] = filters.statuses.length === 0 ? OPEN_STATUSES : filters.statuses.filter((s) => OPEN_STATUSES.includes(s));
  return statuses.length === 0 ? null : { ...filters, statuses };
}

/**
 * The cache key of an answer that may depend on the time: "overdue" is keyed by the clinic's due horizon
 * (see DueHorizons) rather than by the instant, "today" by the end of the clinic's day (its `dueBefore`).
 */
async function timeKey(store: Store, clinicId: number, version: string, clock: Clock, overdue: boolean): Promise<string | null> {
  if (!overdue) return null;
  return store.dueHorizons.at(clinicId, version, clock.now, (now) => nextDueTime(store.db, clinicId, now));
}

/** Whether a result cached at version `since` is still exact at `version`: every change between leaves it. */
function survives(store: Store, clinicId: number, since: string, version: string, keeps: (change: CallLogChange) => boolean) {
  return store.changes.between(store.db, clinicId, since, version).then((changes) => changes !== null && changes.every(keeps));
}

export async function listClinicCallLogs(
  store: Store,
  principal: Principal,
  clinicId: number,
  query: CallLogListQuery,
): Promise<CallLogPage> {
  const { db, pages } = store;
  const now = nowStored();
  // Checked before the clinic is read, so a bad filter is a 422 whoever asks.
  toFilters(clinicId, query, { principal, now, timeZone: DEFAULT_WORK_SETTINGS.time_zone });
  const { clinic, version, timeZone } = await visibleClinicVersion(db, principal, clinicId);
  const clock = { principal, now, timeZone };
  const filters = withOpenStatuses(toFilters(clinicId, query, clock));
  const { page, limit } = query;
  const time = await timeKey(store, clinicId, version, clock, query.due === 'overdue');
  // The callers' counts move with any call of the clinic, as the version does: cached with the page
  // (a write that keeps the page keeps them: see pageSurvives).
  const { total, rows, callerCounts } = await pages.getOrCompute(
    [{ ...filters, dueBefore: time ?? filters?.dueBefore }, page, limit],
    version,
    async () => {
      if (!filters) return { total: 0, rows: [], callerCounts: new Map<string, number>() };
      const [total, rows] = await Promise.all([
        countCallLogs(db, filters),
        listCallLogs(db, filters, { limit, offset: (page - 1) * limit }),
      ]);
      const callerCounts = await countCallsFromNumbers(
        db,
        clinicId,
        rows.map((row) => row.caller_phone_number),
      );
      return { total, rows, callerCounts };
    },
    // A change to a call's work state moves the version without a note: the page is computed again.
    (cached, since) => {
      if (!filters) return Promise.resolve(true);
      const ids = cached.rows.map((row) => row.id);
      return survives(store, clinicId, since, version, (change) => pageSurvives(filters, ids, change));
    },
  );
  return {
    items: rows.map((row) => toCallLogListItem(row, clinic, callerCallCount(callerCounts, row.caller_phone_number))),
    total,
    page,
    limit,
    pages: Math.ceil(total / limit),
  };
}

/** Per-status totals for the filter chips: the list's filters except status. */
export async function countClinicCallLogs(
  store: Store,
  principal: Principal,
  clinicId: number,
  query: CallLogCountsQuery,
): Promise<CallLogCounts> {
  const { db, counts: cache } = store;
  const now = nowStored();
  toFilters(clinicId, query, { principal, now, timeZone: DEFAULT_WORK_SETTINGS.time_zone });
  const { version, timeZone } = await visibleClinicVersion(db, principal, clinicId);
  const clock = { principal, now, timeZone };
  // The status filter is validated like the list's, but the chips count every status.
  const filters = withOpenStatuses({ ...toFilters(clinicId, query, clock), statuses: [] })!;
  const today = endOfToday(clock);
  // Every answer holds an overdue count: keyed by the due horizon, the user (mine) and the clinic's day.
  const time = await timeKey(store, clinicId, version, clock, true);
  const key = { ...filters, dueBefore: query.due === 'overdue' ? time : filters.dueBefore, time, today, user: principal.id };
  return cache.getOrCompute(
    key,
    version,
    async () => {
      const [byStatus, work] = await Promise.all([
        countCallLogsByStatus(db, filters),
        countWork(db, filters, { userId: principal.id, now, endOfToday: today }),
      ]);
      const counts = Object.fromEntries(statusLabels.labels.map((label) => [label, 0])) as CallLogCounts;
      for (const { status, total } of byStatus) counts[statusLabels.toLabel(status)] = total;
      return Object.assign(counts, work);
    },
    (_cached, since) => survives(store, clinicId, since, version, (change) => countsSurvive(filters, change)),
  );
}

/** A call and its clinic when the principal may see it; another clinic's call is the same 404 as a missing one. */
export async function findVisibleCallLog(db: Db, principal: Principal, id: number, read: DetailRead = 'alone') {
  const found = await findCallLogWithClinic(db, id, read);
  if (!found || !canSeeClinic(principal, found.row.clinic_id)) throw Errors.callLogNotFound();
  return found;
}

/** The same, read under the call's row lock for a transaction that changes the call. */
export const lockVisibleCallLog = (trx: Db, principal: Principal, id: number) => findVisibleCallLog(trx, principal, id, 'locked');

export async function getCallLog({ db, recordingLinks }: Store, principal: Principal, id: number): Promise<CallLogDetail> {
  const { row, clinic, callerCalls } = await findVisibleCallLog(db, principal, id, 'batched');
  return toCallLogDetailView(row, toClinic(clinic), (callLogId) => recordingLinks.linkFor(callLogId, principal), callerCalls);
}

/** The wire's labels and booleans, as the columns store them; fields absent from the update stay absent. */
function toColumns(update: CallLogUpdate): CallLogChanges {
  // The work-queue fields live in `call_log_work` (see workEdit).
  const { status, reason_for_call, callback_preference, is_existing_patient, assignee_id: _a, priority: _p, outcome: _o, ...text } = update;
  const changes: CallLogChanges = { ...text };
  if (status !== undefined) changes.status = statusLabels.fromLabel(status);
  if (reason_for_call !== undefined) {
    changes.reason_for_call = reason_for_call === null ? null : reasonLabels.fromLabel(reason_for_call);
  }
  if (callback_preference !== undefined) {
    changes.callback_preference = callback_preference === null ? null : callbackLabels.fromLabel(callback_preference);
  }
  if (is_existing_patient !== undefined) {
    changes.is_existing_patient = is_existing_patient === null ? null : Number(is_existing_patient);
  }
  return changes;
}

/** The work-queue part of an edit: what changes on the call's work row, and its trail entries. */
async function workEdit(db: Db, principal: Principal, current: CallLogDetailRow, update: CallLogUpdate) {
  const columns: WorkChanges = {};
  const row: Partial<WorkColumns> = {};
  const entries: Omit<ActivityEntry, 'call_log_id' | 'clinic_id' | 'actor_user_id' | 'actor_name'>[] = [];
  if (update.assignee_id !== undefined && update.assignee_id !== current.assignee_user_id) {
    const assignee = update.assignee_id === null ? undefined : await findAssignableUser(db, update.assignee_id, current.clinic_id);
    if (update.assignee_id !== null && !assignee) {
      throw new ValidationError([{ loc: ['body', 'assignee_id'], msg: 'must be a user who works for this clinic' }]);
    }
    const from = current.assignee_user_id === null ? null : { id: current.assignee_user_id, name: current.assignee_name ?? '' };
    const to = assignee ? { id: assignee.id, name: assignee.name } : null;
    columns.assignee_user_id = row.assignee_user_id = to?.id ?? null;
    row.assignee_name = to?.name ?? null;
    entries.push({ action: 'assigned', changes: { assignee: { from, to } } });
  }
  const currentPriority = priorityLabels.toLabel(
    current.priority === null ? PRIORITY_RANKS.NORMAL : (Number(current.priority) as PriorityRank),
  );
  if (update.priority !== undefined && update.priority !== currentPriority) {
    columns.priority = row.priority = priorityLabels.fromLabel(update.priority);
    entries.push({ action: 'priority_changed', changes: { priority: { from: currentPriority, to: update.priority } } });
  }
  const currentOutcome = current.outcome === null ? null : outcomeLabels.toLabel(current.outcome);
  if (update.outcome !== undefined && update.outcome !== currentOutcome) {
    columns.outcome = row.outcome = update.outcome === null ? null : outcomeLabels.fromLabel(update.outcome);
    entries.push({ action: 'outcome_set', changes: { outcome: { from: currentOutcome, to: update.outcome } } });
  }
  return { columns, row, entries };
}

/**
 * Applies a staff member's edit in one transaction: only fields whose value really changes are
 * written, each corrected call field is recorded in `call_log_edits` (so a re-delivered webhook won't overwrite it),
 * and `updated_at` moves only when something changed (and only then do open dashboards hear of it).
 * The trail gets one entry per kind of change (status_changed, assigned, priority_changed,
 * outcome_set, and one summary_edited naming every corrected field), in the same transaction.
 */
export async function updateClinicCallLog(
  store: Store & LiveUpdates,
  principal: Principal,
  id: number,
  update: CallLogUpdate,
): Promise<CallLogDetail> {
  const { row, clinic, callerCalls } = await transactionThenEffects(store.db, store.log, async (trx, afterCommit) => {
    const { row: current, clinic, callerCalls } = await lockVisibleCallLog(trx, principal, id);
    const changes = Object.entries(toColumns(update)).filter(([field, value]) => current[field as keyof CallLogRow] !== value);
    const work = await workEdit(trx, principal, current, update);
    if (changes.length === 0 && work.entries.length === 0) return { row: current, clinic, callerCalls };
    const now = nowStored();
    await recordEdits(
      trx,
      // A re-delivered report never writes `status` (see ingest.ts), so a status change needs no protection.
      changes
        .filter(([field]) => field !== 'status')
        .map(([field, value]) => ({
          call_log_id: id,
          user_id: principal.id,
          field,
          old_value: JSON.stringify(current[field as keyof CallLogRow] ?? null),
          new_value: JSON.stringify(value ?? null),
          edited_at: now,
        })),
    );
    const { status, ...corrected } = Object.fromEntries(changes) as CallLogChanges;
    const entries = [
      ...(status === undefined ? [] : [{ action: 'status_changed' as const, changes: callFieldChanges(current, { status }) }]),
      ...work.entries,
      ...(Object.keys(corrected).length === 0
        ? []
        : [{ action: 'summary_edited' as const, changes: callFieldChanges(current, corrected) }]),
    ];
    const actor = actorOf(principal);
    await appendActivities(
      trx,
      entries.map((entry) => ({
        ...entry,
        actor_user_id: actor.id,
        actor_name: actor.name,
        call_log_id: id,
        clinic_id: current.clinic_id,
        at: now,
      })),
    );
    // Last, so the clinic's version row (moved by the updates' triggers) is held only until commit.
    if (work.entries.length > 0) await updateCallLogWork(trx, id, work.columns, now);
    const written = changes.length > 0 ? { ...Object.fromEntries(changes), updated_at: now } : {};
    if (changes.length > 0) await updateCallLog(trx, id, written);
    const row = Object.assign(current, written, work.row);
    // An edit never changes the phone number: the caller's count read with the call stands.
    await publishAfterCommit(trx, afterCommit, store.events, 'call-log.updated', row, clinic, callerCalls);
    return { row, clinic, callerCalls };
  });
  return toCallLogDetailView(row, toClinic(clinic), (callLogId) => store.recordingLinks.linkFor(callLogId, principal), callerCalls);
}
