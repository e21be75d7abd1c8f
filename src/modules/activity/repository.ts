import type { Db } from '../../db/database.js';
import { nowStored } from '../../shared/datetime.js';
import type { ActivityAction } from './schemas.js';

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

const ENTRY_COLUMNS = ['id', 'call_log_id', 'at', 'actor_user_id', 'actor_name', 'action', 'changes'] as const;

/**
 * A call's trail, oldest first. By time, then id: view records are written in batches, so a view can
 * get a higher id than a change made a moment after it; within one second the id decides.
 */
export async function listCallActivity(db: Db, callLogId: number, paging: { limit: number; offset: number }) {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('call_log_activity')
      .select(ENTRY_COLUMNS)
      .where('call_log_id', '=', callLogId)
      .orderBy('at')
      .orderBy('id')
      .limit(paging.limit)
      .offset(paging.offset)
      .execute(),
    db
      .selectFrom('call_log_activity')
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .where('call_log_id', '=', callLogId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

export interface ClinicActivityFilters {
  clinicId: number;
  userId?: number;
  action?: ActivityAction;
  /** Stored datetimes: `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
}

/** A clinic's trail for review, newest first, by the (clinic_id, at) index. */
export async function listClinicActivity(db: Db, filters: ClinicActivityFilters, paging: { limit: number; offset: number }) {
  const matching = db
    .selectFrom('call_log_activity')
    .where('clinic_id', '=', filters.clinicId)
    .$if(filters.userId !== undefined, (q) => q.where('actor_user_id', '=', filters.userId!))
    .$if(filters.action !== undefined, (q) => q.where('action', '=', filters.action!))
    .$if(filters.from !== undefined, (q) => q.where('at', '>=', filters.from!))
    .$if(filters.to !== undefined, (q) => q.where('at', '<', filters.to!));
  const [rows, count] = await Promise.all([
    matching.select(ENTRY_COLUMNS).orderBy('at', 'desc').orderBy('id', 'desc').limit(paging.limit).offset(paging.offset).execute(),
    matching.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

export type ActivityRow = Awaited<ReturnType<typeof listCallActivity>>['rows'][number];
