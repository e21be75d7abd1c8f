import type { Db } from '../../db/database.js';
import { Errors } from '../../shared/errors.js';
import { canSeeClinic, requireAdmin, visibleClinicIds, type Principal } from '../auth/principal.js';
import { toClinic } from './mapper.js';
import { findClinic, insertClinic, listClinics } from './repository.js';
import type { Clinic } from './schemas.js';

/** A clinic the principal may see; otherwise the same 404 as a clinic that does not exist. */
export async function getVisibleClinic(db: Db, principal: Principal, clinicId: number): Promise<Clinic> {
  const row = canSeeClinic(principal, clinicId) ? await findClinic(db, clinicId) : undefined;
  if (!row) throw Errors.clinicNotFound();
  return toClinic(row);
}

export async function listVisibleClinics(db: Db, principal: Principal): Promise<Clinic[]> {
  return (await listClinics(db, visibleClinicIds(principal))).map(toClinic);
}

export async function createClinic(db: Db, principal: Principal, name: string): Promise<Clinic> {
  requireAdmin(principal);
  const id = await insertClinic(db, name.trim());
  return getVisibleClinic(db, principal, id);
}
