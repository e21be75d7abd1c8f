import type { Db } from '../../db/database.js';
import { toStoredDateTime, toWireDateTime } from '../../shared/datetime.js';
import { Errors, ValidationError } from '../../shared/errors.js';
import { canSeeClinic, requireAdmin, type Principal } from '../auth/principal.js';
import { findCallLogClinicId } from '../call-logs/repository.js';
import { getVisibleClinic } from '../clinics/service.js';
import { listCallActivity, listClinicActivity, type ActivityRow } from './repository.js';
import type { ActivityAction, ActivityEntry, ActivityPage, ActivityQuery, ClinicActivityQuery, UserRef } from './schemas.js';
import type { ViewAudit } from './view-audit.js';

/** How the trail and the notes name the person acting: their name when they have one, else their e-mail. */
export const actorOf = (principal: Pick<Principal, 'id' | 'full_name' | 'email'>): UserRef => ({
  id: principal.id,
  name: principal.full_name ?? principal.email,
});

/** The clinic of a call the principal may see; another clinic's call is the same 404 as a missing one. */
export async function visibleCallClinicId(db: Db, principal: Principal, callLogId: number): Promise<number> {
  const clinicId = await findCallLogClinicId(db, callLogId);
  if (clinicId === undefined || !canSeeClinic(principal, clinicId)) throw Errors.callLogNotFound();
  return clinicId;
}

function toActivityEntry(row: ActivityRow): ActivityEntry {
  const entry: ActivityEntry = {
    id: Number(row.id),
    call_log_id: row.call_log_id,
    at: toWireDateTime(row.at),
    actor: row.actor_user_id === null ? null : { id: row.actor_user_id, name: row.actor_name },
    action: row.action as ActivityAction,
  };
  if (row.changes !== null) entry.changes = JSON.parse(row.changes) as Record<string, unknown>;
  return entry;
}

const pageOf = (rows: ActivityRow[], total: number, { page, limit }: { page: number; limit: number }): ActivityPage => ({
  items: rows.map(toActivityEntry),
  total,
  page,
  limit,
  pages: Math.ceil(total / limit),
});

export interface ActivityStore {
  db: Db;
  views: ViewAudit;
}

/** A call's trail, oldest first. This process's queued view records are written first, so the reader's own views are in it. */
export async function getCallActivity({ db, views }: ActivityStore, principal: Principal, callLogId: number, query: ActivityQuery) {
  await visibleCallClinicId(db, principal, callLogId);
  await views.flush();
  const { rows, total } = await listCallActivity(db, callLogId, { limit: query.limit, offset: (query.page - 1) * query.limit });
  return pageOf(rows, total, query);
}

/** A clinic's trail for review (administrators), newest first, by person, kind and period. */
export async function getClinicActivity({ db, views }: ActivityStore, principal: Principal, clinicId: number, query: ClinicActivityQuery) {
  requireAdmin(principal);
  await getVisibleClinic(db, principal, clinicId);
  const from = query.from === undefined ? undefined : toStoredDateTime(new Date(query.from));
  const to = query.to === undefined ? undefined : toStoredDateTime(new Date(query.to));
  if (from !== undefined && to !== undefined && from > to) {
    throw new ValidationError([{ loc: ['query', 'to'], msg: 'must not be before from' }]);
  }
  await views.flush();
  const { rows, total } = await listClinicActivity(
    db,
    { clinicId, userId: query.user_id, action: query.action, from, to },
    { limit: query.limit, offset: (query.page - 1) * query.limit },
  );
  return pageOf(rows, total, query);
}
