import type { Db } from '../../db/database.js';
import { nowStored } from '../../shared/datetime.js';

/** Trail actions written so far; `action` is free text in the table, so new kinds of entry need no migration. */
export type ActivityAction = 'recording_played' | 'retention_purged' | (string & {});

export interface ActivityEntry {
  call_log_id: number;
  clinic_id: number;
  /** Null for Zenicall's own work (a retention purge). */
  actor_user_id: number | null;
  /** Who it was, kept even once the user is removed. */
  actor_name: string;
  action: ActivityAction;
  /** Any JSON value describing what changed, or nothing. */
  changes?: unknown;
  /** Defaults to now. */
  at?: string;
}

const toRow = (entry: ActivityEntry, at: string) => ({
  call_log_id: entry.call_log_id,
  clinic_id: entry.clinic_id,
  at: entry.at ?? at,
  actor_user_id: entry.actor_user_id,
  actor_name: entry.actor_name,
  action: entry.action,
  changes: entry.changes === undefined ? null : JSON.stringify(entry.changes),
});

/** Appends one entry to a call's trail (the table refuses any later change to it). */
export async function appendActivity(db: Db, entry: ActivityEntry): Promise<void> {
  await db.insertInto('call_log_activity').values(toRow(entry, nowStored())).execute();
}

/** Appends many entries in one statement (a purge's batch). */
export async function appendActivities(db: Db, entries: ActivityEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const at = nowStored();
  await db
    .insertInto('call_log_activity')
    .values(entries.map((entry) => toRow(entry, at)))
    .execute();
}
