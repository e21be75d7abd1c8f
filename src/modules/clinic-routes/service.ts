import type { Db } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { Errors } from '../../shared/errors.js';
import { requireAdmin, type Principal } from '../auth/principal.js';
import { getVisibleClinic } from '../clinics/service.js';
import { deleteRoute, findRoute, insertRoute, listRoutes } from './repository.js';
import type { ClinicRoute, ClinicRouteCreate } from './schemas.js';

async function requireAdminAndClinic(db: Db, principal: Principal, clinicId: number) {
  requireAdmin(principal);
  await getVisibleClinic(db, principal, clinicId);
}

export async function listClinicRoutes(db: Db, principal: Principal, clinicId: number): Promise<ClinicRoute[]> {
  await requireAdminAndClinic(db, principal, clinicId);
  return listRoutes(db, clinicId);
}

/**
 * Adds a route, then asks for the reports that were waiting for one (`unrouted`) to be processed in
 * the background: the request does not wait for up to hundreds of deliveries.
 */
export async function addClinicRoute(
  { db, replayUnrouted }: { db: Db; replayUnrouted: () => void },
  principal: Principal,
  clinicId: number,
  { type, value }: ClinicRouteCreate,
): Promise<ClinicRoute> {
  await requireAdminAndClinic(db, principal, clinicId);
  try {
    const id = await insertRoute(db, clinicId, type, value.trim());
    replayUnrouted();
    return { id, clinic_id: clinicId, type, value: value.trim() };
  } catch (error) {
    if (isUniqueViolation(error)) throw Errors.routeTaken();
    throw error;
  }
}

export async function removeClinicRoute(db: Db, principal: Principal, clinicId: number, routeId: number): Promise<void> {
  await requireAdminAndClinic(db, principal, clinicId);
  if (!(await findRoute(db, clinicId, routeId))) throw Errors.routeNotFound();
  await deleteRoute(db, routeId);
}
