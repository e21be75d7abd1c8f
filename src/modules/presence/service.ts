import type { Db } from '../../db/database.js';
import type { Principal } from '../auth/principal.js';
import { actorOf, visibleCallClinicId } from '../activity/service.js';
import type { PresenceStore } from './store.js';

/** The user has the call open (said again every 20 s while it stays open). Another clinic's call is a 404. */
export async function markViewing(db: Db, presence: PresenceStore, principal: Principal, callLogId: number): Promise<void> {
  const clinicId = await visibleCallClinicId(db, principal, callLogId);
  await presence.join(clinicId, callLogId, actorOf(principal));
}

/** The user closed the call (in every tab: one entry per user). */
export async function markClosed(db: Db, presence: PresenceStore, principal: Principal, callLogId: number): Promise<void> {
  await visibleCallClinicId(db, principal, callLogId);
  await presence.leave(callLogId, principal.id);
}
