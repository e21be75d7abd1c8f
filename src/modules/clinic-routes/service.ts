import type { Db } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError } from '../../shared/errors.js';
import { requireAdmin, type Principal } from '../auth/principal.js';
import { getVisibleClinic } from '../clinics/service.js';
import { deleteRoute, findRoute, insertRoute, listRoutes } from './repository.js';
import type { ClinicRoute, ClinicRouteCreate } from './schemas.js';

const routeTaken = () => new AppError(409, 'ROUTE_TAKEN', 'This identifier already routes calls to a clinic.');
const routeNotFound = () => new AppError(404, 'ROUTE_NOT_FOUND', 'No such route for this clinic.');

async function requireAdminAndClinic(db: Db, principal: Principal, clinicId: number) {
  requireAdmin(principal);
  await getVisibleClinic(db, principal, clinicId);
}

export async function listClinicRoutes(db: Db, principal: Principal, clinicId: number): Promise<ClinicRoute[]> {
  await requireAdminAndClinic(db, principal, clinicId);
  return listRoutes(db, clinicId);
}

export async function addClinicRoute(
  db: Db,
  principal: Principal,
  clinicId: number,
  { type, value }: ClinicRouteCreate,
): Promise<ClinicRoute> {
  await requireAdminAndClinic(db, principal, clinicId);
  try {
    const id = await insertRoute(db, clinicId, type, value.trim());
    return { id, clinic_id: clinicId, type, value: value.trim() };
  } catch (error) {
    if (isUniqueViolation(error)) throw routeTaken();
    throw error;
  }
}

export async function removeClinicRoute(db: Db, principal: Principal, clinicId: number, routeId: number): Promise<void> {
  await requireAdminAndClinic(db, principal, clinicId);
  if (!(await findRoute(db, clinicId, routeId))) throw routeNotFound();
  await deleteRoute(db, routeId);
}

