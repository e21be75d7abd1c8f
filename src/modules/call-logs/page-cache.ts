import type { CallStatus, Db } from '../../db/database.js';
import { CHANGE_RING } from '../../db/migrations/2026-12-04-013-clinic-word-index.js';
import { VERSION_STRIPES } from '../../db/migrations/2026-12-04-014-striped-clinic-versions.js';
import { readChangesSince, type CallLogChange } from './repository.js';

/**
 * Keeps cached pages across the writes that do not touch them. A clinic's calls are split in
 * `VERSION_STRIPES` stripes by id (migration 014, so that writes to calls of different stripes never
 * wait for each other's locks); every write to a call moves its stripe's version, and the triggers
 * note in `call_log_changes` what that version changed: which call, and whether its status (s),
 * searched text (t), reason (r), start (o) or another listed column (l) moved, or whether it arrived
 * (i) or left (d). The clinic's version is the vector of its stripe versions. A page cached at vector
 * v is still exact at vector w when every change of every stripe in (v[s], w[s]] leaves both its
 * calls and its filters alone: a status change in a busy clinic keeps every page that neither filters
 * by that status nor shows that call. A change a stripe's ring no longer holds (or a version moved
 * without a note, as a rebuild or a work-state change does) means "anything may have changed": the
 * page is computed again.
 */

export interface CachedFilters {
  terms: unknown[];
  statuses: CallStatus[];
  reasons: unknown[];
  startedFrom?: string;
  startedTo?: string;
}

/** A list page stays exact through `change`. */
export function pageSurvives(filters: CachedFilters, rowIds: number[], change: CallLogChange): boolean {
  const shown = rowIds.includes(change.call_log_id);
  for (const what of change.what) {
    if (what === 's') {
      const filtered = filters.statuses.length > 0;
      const involved =
        filtered && [change.old_status, change.new_status].some((status) => status !== null && filters.statuses.includes(status));
      if (involved || (!filtered && shown)) return false;
    } else if (what === 'r') {
      if (filters.reasons.length > 0 || shown) return false;
    } else if (what === 'l') {
      if (shown) return false;
    } else {
      // A call arrived, left, moved in the order, or changed its searched text (its phone counts in
      // the callers' counts a page shows): totals, positions or counts may move.
      return false;
    }
  }
  return true;
}

/** Per-status counts (the list's filters but status) stay exact through `change`. */
export function countsSurvive(filters: CachedFilters, change: CallLogChange): boolean {
  for (const what of change.what) {
    if (what === 't' && filters.terms.length === 0) continue;
    if (what === 'r' && filters.reasons.length === 0) continue;
    if (what === 'o' && !filters.startedFrom && !filters.startedTo) continue;
    if (what === 'l') continue;
    return false;
  }
  return true;
}

/**
 * The version a cached result is checked against, "v0.v1.….v7", from the clinic's `stripe:version`
 * pairs (clinics/repository.ts); a stripe without a row is at version 0.
 */
export function callLogVersion(stripeVersions: string | null): string {
  const versions = new Array<number>(VERSION_STRIPES).fill(0);
  for (const pair of stripeVersions?.split(',') ?? []) {
    const [stripe, version] = pair.split(':');
    versions[Number(stripe)] = Number(version);
  }
  return versions.join('.');
}

const stripeVersionsOf = (version: string) => version.split('.').map(Number);

interface StripeChanges {
  changes: Map<number, CallLogChange>;
  reading?: Promise<void>;
}

/**
 * What each recent version of a clinic's stripes changed, read from the rings once per process and
 * version (many cached pages ask about the same versions).
 */
export class ChangeLog {
  /** Keyed by clinic id, then stripe. */
  readonly #clinics = new Map<number, StripeChanges[]>();

  /**
   * The changes between two versions of a clinic (`callLogVersion`s): of each stripe, those of its
   * versions (from, to]. Null when one of them is unknown (the page must be computed again).
   */
  async between(db: Db, clinicId: number, from: string, to: string): Promise<CallLogChange[] | null> {
    const [before, after] = [stripeVersionsOf(from), stripeVersionsOf(to)];
    if (before.length !== VERSION_STRIPES || after.length !== VERSION_STRIPES) return null;
    let stripes = this.#clinics.get(clinicId);
    if (!stripes) {
      stripes = Array.from({ length: VERSION_STRIPES }, () => ({ changes: new Map() }));
      this.#clinics.set(clinicId, stripes);
    }
    // Only the stripes that moved are read (a status change moves one).
    const found = await Promise.all(
      stripes.map((stripe, index) =>
        before[index] === after[index] ? Promise.resolve([]) : stripeBetween(db, clinicId, index, stripe, before[index]!, after[index]!),
      ),
    );
    return found.some((changes) => changes === null) ? null : (found.flat() as CallLogChange[]);
  }
}

/** One stripe's changes of versions (from, to], or null when one of them is unknown. */
async function stripeBetween(
  db: Db,
  clinicId: number,
  index: number,
  stripe: StripeChanges,
  from: number,
  to: number,
): Promise<CallLogChange[] | null> {
  if (!(to > from) || to - from > CHANGE_RING) return null;
  const missing = () => {
    for (let version = from + 1; version <= to; version++) if (!stripe.changes.has(version)) return version;
    return undefined;
  };
  if (missing() !== undefined) {
    await stripe.reading;
    const first = missing();
    if (first !== undefined) {
      stripe.reading = readChangesSince(db, clinicId, index, first - 1).then((changes) => {
        for (const change of changes) stripe.changes.set(change.version, change);
        for (const version of stripe.changes.keys()) if (version <= to - CHANGE_RING) stripe.changes.delete(version);
      });
      try {
        await stripe.reading;
      } finally {
        stripe.reading = undefined;
      }
    }
  }
  const found: CallLogChange[] = [];
  for (let version = from + 1; version <= to; version++) {
    const change = stripe.changes.get(version);
    if (!change) return null;
    found.push(change);
  }
  return found;
}
