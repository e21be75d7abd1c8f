import type { Db } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { Errors, ValidationError } from '../../shared/errors.js';
import { hashPassword } from '../auth/password.js';
import { requireAdmin, type Principal } from '../auth/principal.js';
import { listClinics } from '../clinics/repository.js';
import { listVisibleClinics } from '../clinics/service.js';
import { addMemberships, findUserByEmail, insertUser } from './repository.js';
import type { Me, User, UserCreate } from './schemas.js';

export async function createUser(db: Db, principal: Principal, input: UserCreate): Promise<User> {
  requireAdmin(principal);
  const clinicIds = input.clinic_ids ?? [];
  const known = new Set((await listClinics(db, clinicIds)).map((clinic) => clinic.id));
  const unknown = clinicIds.flatMap((id, index) => (known.has(id) ? [] : [index]));
  if (unknown.length > 0) {
    throw new ValidationError(unknown.map((index) => ({ loc: ['body', 'clinic_ids', index], msg: 'no such clinic' })));
  }
  if (await findUserByEmail(db, input.email)) throw Errors.emailTaken();
  const passwordHash = await hashPassword(input.password);
  try {
    const id = await db.transaction().execute(async (trx) => {
      const userId = await insertUser(trx, {
        email: input.email,
        password_hash: passwordHash,
        full_name: input.full_name ?? null,
        role: input.role,
      });
      await addMemberships(trx, userId, clinicIds);
      return userId;
    });
    return { id, email: input.email.trim().toLowerCase(), full_name: input.full_name ?? null, role: input.role, clinic_ids: clinicIds };
  } catch (error) {
    // Two sign-ups with one e-mail at the same moment: the unique index decides.
    if (isUniqueViolation(error)) throw Errors.emailTaken();
    throw error;
  }
}

export async function describePrincipal(db: Db, principal: Principal): Promise<Me> {
  return {
    id: principal.id,
    email: principal.email,
    full_name: principal.full_name,
    role: principal.role,
    clinics: await listVisibleClinics(db, principal),
  };
}
