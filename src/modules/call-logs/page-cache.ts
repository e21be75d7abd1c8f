import type { CallStatus, Db } from '../../db/database.js';
import { CHANGE_RING } from '../../db/migrations/2026-12-04-013-clinic-word-index.js';
import { readChangesSince, type CallLogChange } from './repository.js';

/**
 * Keeps cached pages across the writes that do not touch them. Every write to a clinic's calls moves
 * its version, and the triggers of migration 013 note in `call_log_changes` what that version
 * changed: which call, and whether its status (s), searched text (t), reason (r), start (o) or
 * another listed column (l) moved, or whether it arrived (i) or left (d). A page cached at version
 * v is still exact at version w when every change in (v, w] leaves both its calls and its filters
 * alone: a status change in a busy clinic keeps every page that neither filters by that status nor
 * shows that call. A change the ring no longer holds (or a version moved without a note, as a
 * rebuild does) means "anything may have changed": the page is computed again.
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
 * What each recent version of a clinic's calls changed, read from the ring once per process and
 * version (many cached pages ask about the same versions).
 */
export class ChangeLog {
  readonly #clinics = new Map<number, { changes: Map<number, CallLogChange>; reading?: Promise<void> }>();

  /** The changes of versions (from, to], or null when one of them is unknown (the page must be computed again). */
  async between(db: Db, clinicId: number, from: number, to: number): Promise<CallLogChange[] | null> {
    if (!(to > from) || to - from > CHANGE_RING) return null;
    let clinic = this.#clinics.get(clinicId);
    if (!clinic) {
      clinic = { changes: new Map() };
      this.#clinics.set(clinicId, clinic);
    }
    const missing = () => {
      for (let version = from + 1; version <= to; version++) if (!clinic.changes.has(version)) return version;
      return undefined;
    };
    if (missing() !== undefined) {
      await clinic.reading;
      const first = missing();
      if (first !== undefined) {
        clinic.reading = readChangesSince(db, clinicId, first - 1).then((changes) => {
          for (const change of changes) clinic.changes.set(change.version, change);
          for (const version of clinic.changes.keys()) if (version <= to - CHANGE_RING) clinic.changes.delete(version);
        });
        try {
          await clinic.reading;
        } finally {
          clinic.reading = undefined;
        }
      }
    }
    const found: CallLogChange[] = [];
    for (let version = from + 1; version <= to; version++) {
      const change = clinic.changes.get(version);
      if (!change) return null;
      found.push(change);
    }
    return found;
  }
}
