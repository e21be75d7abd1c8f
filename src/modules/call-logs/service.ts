import { transactionThenEffects } from '../../db/after-commit.js';
import type { CallLogChanges, CallLogRow, Db } from '../../db/database.js';
import { nowStored, toStoredDateTime } from '../../shared/datetime.js';
import { Errors, ValidationError } from '../../shared/errors.js';
import { callbackLabels, reasonLabels, statusLabels } from '../../shared/labels.js';
import type { VersionedCache } from '../../shared/versioned-cache.js';
import { canSeeClinic, type Principal } from '../auth/principal.js';
import { toClinic } from '../clinics/mapper.js';
import { findClinicWithCallLogVersion } from '../clinics/repository.js';
import { publishAfterCommit, type LiveUpdates } from './live-updates.js';
import { toCallLogDetailView, toCallLogListItem, type CallLogListRow } from './mapper.js';
import {
  countCallLogs,
  countCallLogsByStatus,
  findCallLogWithClinic,
  listCallLogs,
  recordEdits,
  updateCallLog,
  type CallLogFilters,
} from './repository.js';
import type { CallLogCounts, CallLogCountsQuery, CallLogListQuery, CallLogPage, CallLogUpdate } from './schemas.js';
import { parseSearchTerms } from './search.js';
import { countsSurvive, pageSurvives, type ChangeLog } from './page-cache.js';
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
  return { clinic: toClinic(row), version: String(row.version ?? 0) };
}

/** Filter values come as labels ("In Progress") or storage names in any case ("in_progress"). */
function toStored<Stored extends string>(table: { stored: Stored[] }, value: string): Stored {
  const key = value.trim().toUpperCase().replace(/\s+/g, '_');
  return table.stored.find((stored) => stored === key) as Stored;
}

const unique = <T>(values: T[]) => [...new Set(values)];

function toFilters(clinicId: number, query: CallLogCountsQuery & Pick<CallLogListQuery, 'status' | 'status[]'>): CallLogFilters {
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
  };
}

/** Whether a result cached at version `since` is still exact at `version`: every change between leaves it. */
function survives(store: Store, clinicId: number, since: string, version: string, keeps: (change: CallLogChange) => boolean) {
  return store.changes
    .between(store.db, clinicId, Number(since), Number(version))
    .then((changes) => changes !== null && changes.every(keeps));
}

export async function listClinicCallLogs(
  store: Store,
  principal: Principal,
  clinicId: number,
  query: CallLogListQuery,
): Promise<CallLogPage> {
  const { db, pages } = store;
  const filters = toFilters(clinicId, query);
  const { clinic, version } = await visibleClinicVersion(db, principal, clinicId);
  const { page, limit } = query;
  // The callers' counts move with any call of the clinic, as the version does: cached with the page
  // (a write that keeps the page keeps them: see pageSurvives).
  const { total, rows, callerCounts } = await pages.getOrCompute(
    [filters, page, limit],
    version,
    async () => {
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
    (cached, since) => {
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
  // The status filter is validated like the list's, but the chips count every status.
  const { db, counts: cache } = store;
  const filters = { ...toFilters(clinicId, query), statuses: [] };
  const { version } = await visibleClinicVersion(db, principal, clinicId);
  return cache.getOrCompute(
    filters,
    version,
    async () => {
      const counts = Object.fromEntries(statusLabels.labels.map((label) => [label, 0])) as CallLogCounts;
      for (const { status, total } of await countCallLogsByStatus(db, filters)) {
        counts[statusLabels.toLabel(status)] = total;
      }
      return counts;
    },
    (_cached, since) => survives(store, clinicId, since, version, (change) => countsSurvive(filters, change)),
  );
}

export async function callerCallCountOf(db: Db, row: CallLogListRow): Promise<number> {
  return callerCallCount(await countCallsFromNumbers(db, row.clinic_id, [row.caller_phone_number]), row.caller_phone_number);
}

/** A call and its clinic when the principal may see it; another clinic's call is the same 404 as a missing one. */
export async function findVisibleCallLog(db: Db, principal: Principal, id: number) {
  const found = await findCallLogWithClinic(db, id);
  if (!found || !canSeeClinic(principal, found.row.clinic_id)) throw Errors.callLogNotFound();
  return found;
}

export async function getCallLog({ db, recordingLinks }: Store, principal: Principal, id: number): Promise<CallLogDetail> {
  const { row, clinic } = await findVisibleCallLog(db, principal, id);
  const count = await callerCallCountOf(db, row);
  return toCallLogDetailView(row, toClinic(clinic), (callLogId) => recordingLinks.linkFor(callLogId, principal), count);
}

/** The wire's labels and booleans, as the columns store them; fields absent from the update stay absent. */
function toColumns(update: CallLogUpdate): CallLogChanges {
  const { status, reason_for_call, callback_preference, is_existing_patient, ...text } = update;
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

/**
 * Applies a staff member's edit in one transaction: only fields whose value really changes are
 * written, each is recorded in `call_log_edits` (so a re-delivered webhook won't overwrite it),
 * and `updated_at` moves only when something changed (and only then do open dashboards hear of it).
 */
export async function updateClinicCallLog(
  store: Store & LiveUpdates,
  principal: Principal,
  id: number,
  update: CallLogUpdate,
): Promise<CallLogDetail> {
  const { row, clinic } = await transactionThenEffects(store.db, store.log, async (trx, afterCommit) => {
    const { row: current, clinic } = await findVisibleCallLog(trx, principal, id);
    const changes = Object.entries(toColumns(update)).filter(([field, value]) => current[field as keyof CallLogRow] !== value);
    if (changes.length === 0) return { row: current, clinic };
    const now = nowStored();
    await recordEdits(
      trx,
      changes.map(([field, value]) => ({
        call_log_id: id,
        user_id: principal.id,
        field,
        old_value: JSON.stringify(current[field as keyof CallLogRow] ?? null),
        new_value: JSON.stringify(value ?? null),
        edited_at: now,
      })),
    );
    // Last, so the clinic's version row (moved by the update's trigger) is held only until commit.
    const written = { ...Object.fromEntries(changes), updated_at: now };
    await updateCallLog(trx, id, written);
    const row = Object.assign(current, written);
    await publishAfterCommit(trx, afterCommit, store.events, 'call-log.updated', row, clinic);
    return { row, clinic };
  });
  const count = await callerCallCountOf(store.db, row);
  return toCallLogDetailView(row, toClinic(clinic), (callLogId) => store.recordingLinks.linkFor(callLogId, principal), count);
}
