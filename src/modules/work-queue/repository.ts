import { sql, type Updateable } from 'kysely';
import type { CallLogWorkTable, Db, PriorityRank } from '../../db/database.js';
import { upsert } from '../../db/portable.js';
import { nowStored } from '../../shared/datetime.js';
import { DEFAULT_WORK_SETTINGS, type WorkSettings } from './settings.js';

/** What the work queue writes to a call's row (the mirrored columns belong to the triggers). */
export type WorkChanges = Omit<Updateable<CallLogWorkTable>, 'call_log_id' | 'clinic_id' | 'status' | 'call_started_at' | 'updated_at'>;

/** A user's display name, as the wire's `assignee.name` and the trail's actor show it. */
export const userDisplayName = sql<string>`COALESCE(users.full_name, users.email)`;

/** The work columns a call carries on the wire, read with the assignee's name (join `call_log_work` as `w`, `users` on the assignee). */
export const WORK_SELECTION = [
  'w.assignee_user_id',
  'w.priority',
  'w.callback_due_at',
  'w.callback_attempts',
  'w.last_attempt_at',
  'w.outcome',
] as const;

/** A call's work state as the wire shows it (the mapper's `WorkColumns`); undefined when the call has no work row. */
export function findCallLogWork(db: Db, callLogId: number) {
  return db
    .selectFrom('call_log_work as w')
    .leftJoin('users', 'users.id', 'w.assignee_user_id')
    .select([...WORK_SELECTION, userDisplayName.as('assignee_name')])
    .where('w.call_log_id', '=', callLogId)
    .executeTakeFirst();
}

/**
 * Writes work columns of a call (and `updated_at`). Its trigger moves the clinic's version when a value
 * really changes, so cached pages and counts follow.
 */
export async function updateCallLogWork(db: Db, callLogId: number, changes: WorkChanges, now = nowStored()): Promise<void> {
  await db
    .updateTable('call_log_work')
    .set({ ...changes, updated_at: now })
    .where('call_log_id', '=', callLogId)
    .execute();
}

/** What ingestion decides for a new call: its priority and when it is due (the trigger made the row). */
export async function setIngestedWork(db: Db, callLogId: number, work: { priority: PriorityRank; callback_due_at: string }): Promise<void> {
  await db.updateTable('call_log_work').set(work).where('call_log_id', '=', callLogId).execute();
}

/** The users a call of the clinic may be assigned to: active accounts that can see the clinic (administrators see all). */
function assignableUsers(db: Db, clinicId: number) {
  return db
    .selectFrom('users')
    .select(['users.id', userDisplayName.as('name')])
    .where('users.disabled_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('users.role', '=', 'admin'),
        eb.exists(
          eb
            .selectFrom('clinic_memberships')
            .select('clinic_memberships.user_id')
            .whereRef('clinic_memberships.user_id', '=', 'users.id')
            .where('clinic_memberships.clinic_id', '=', clinicId),
        ),
      ]),
    );
}

/** The user, when they may be assigned a call of the clinic. */
export function findAssignableUser(db: Db, userId: number, clinicId: number) {
  return assignableUsers(db, clinicId).where('users.id', '=', userId).executeTakeFirst();
}

/** Everyone a call of the clinic may be assigned to (the dashboard's menu), by id. */
export function listAssignableUsers(db: Db, clinicId: number) {
  return assignableUsers(db, clinicId).orderBy('users.id').execute();
}

/** A clinic's stored work settings as read, NULL throughout when it has no row (a LEFT JOIN's columns). */
export interface StoredWorkSettings {
  time_zone: string | null;
  opening_hours: string | null;
  callback_windows: string | null;
  retry_minutes: number | null;
}

/** The settings a clinic works by: its own when it has a row, else the defaults. */
export function workSettingsOf(row: StoredWorkSettings | undefined): WorkSettings {
  if (row?.time_zone == null || row.opening_hours === null || row.callback_windows === null || row.retry_minutes === null) {
    return DEFAULT_WORK_SETTINGS;
  }
  return {
    time_zone: row.time_zone,
    opening_hours: JSON.parse(row.opening_hours) as WorkSettings['opening_hours'],
    callback_windows: JSON.parse(row.callback_windows) as WorkSettings['callback_windows'],
    retry_minutes: Number(row.retry_minutes),
  };
}

/** A clinic's work settings, or the defaults when it never changed them; `updated_at` null then. */
export async function findWorkSettings(db: Db, clinicId: number): Promise<WorkSettings & { updated_at: string | null }> {
  const row = await db
    .selectFrom('clinic_work_settings')
    .select(['time_zone', 'opening_hours', 'callback_windows', 'retry_minutes', 'updated_at'])
    .where('clinic_id', '=', clinicId)
    .executeTakeFirst();
  return { ...workSettingsOf(row), updated_at: row?.updated_at ?? null };
}

export async function saveWorkSettings(db: Db, clinicId: number, settings: WorkSettings): Promise<void> {
  const values = {
    time_zone: settings.time_zone,
    opening_hours: JSON.stringify(settings.opening_hours),
    callback_windows: JSON.stringify(settings.callback_windows),
    retry_minutes: settings.retry_minutes,
    updated_at: nowStored(),
  };
  await upsert(db, db.insertInto('clinic_work_settings').values({ clinic_id: clinicId, ...values }), ['clinic_id'], values);
}
