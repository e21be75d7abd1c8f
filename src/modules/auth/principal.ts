import type { UserRole } from '../../db/database.js';
import { Errors } from '../../shared/errors.js';

/** Who is asking, as every protected route sees it. */
export interface Principal {
  id: number;
  email: string;
  full_name: string | null;
  role: UserRole;
  /** The clinics a staff member works for; an administrator sees every clinic. */
  clinicIds: number[];
  /** The user's `token_version`: what signing out moves, so credentials handed out before stop working. */
  tokenVersion: number;
}

export const canSeeClinic = (principal: Pick<Principal, 'role' | 'clinicIds'>, clinicId: number): boolean =>
  principal.role === 'admin' || principal.clinicIds.includes(clinicId);

export const visibleClinicIds = (principal: Principal): number[] | 'all' => (principal.role === 'admin' ? 'all' : principal.clinicIds);

export function requireAdmin(principal: Principal): void {
  if (principal.role !== 'admin') throw Errors.forbidden();
}
