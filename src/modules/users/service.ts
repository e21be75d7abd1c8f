import type { Db } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { nowStored, toWireDateTime } from '../../shared/datetime.js';
import { Errors, ValidationError } from '../../shared/errors.js';
import { hashPassword } from '../auth/password.js';
import { requireAdmin, type Principal } from '../auth/principal.js';
import type { Sessions } from '../auth/sessions.js';
import { listClinics } from '../clinics/repository.js';
import { getVisibleClinic, listVisibleClinics } from '../clinics/service.js';
import { listAssignableUsers as listAssignableRows } from '../work-queue/repository.js';
import { addMemberships, clinicIdsOf, findAccount, findUserByEmail, insertUser, removeMembership, updateAccount } from './repository.js';
import type { ClinicUsers, Me, PasswordReset, User, UserCreate } from './schemas.js';

/** What changing someone's access needs: the database, and the sessions to tell once it is committed. */
export interface AccountStore {
  db: Db;
  sessions: Pick<Sessions, 'changed'>;
}

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
    return {
      id,
      email: input.email.trim().toLowerCase(),
      full_name: input.full_name ?? null,
      role: input.role,
      clinic_ids: clinicIds,
      disabled_at: null,
    };
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

/** A user as the API shows it, read after a change. */
async function userView(db: Db, id: number): Promise<User> {
  const row = await findAccount(db, id);
  if (!row) throw Errors.userNotFound();
  return {
    id: row.id,
    email: row.email,
    full_name: row.full_name,
    role: row.role,
    clinic_ids: await clinicIdsOf(db, id),
    disabled_at: row.disabled_at === null ? null : toWireDateTime(row.disabled_at),
  };
}

async function requireUser(db: Db, id: number): Promise<NonNullable<Awaited<ReturnType<typeof findAccount>>>> {
  const row = await findAccount(db, id);
  if (!row) throw Errors.userNotFound();
  return row;
}

/** The account can no longer sign in, and every token it holds is refused at once (its streams end). */
export async function disableUser({ db, sessions }: AccountStore, principal: Principal, id: number): Promise<User> {
  requireAdmin(principal);
  // The last administrator could otherwise lock everyone out.
  if (id === principal.id) throw Errors.cannotDisableSelf();
  const row = await requireUser(db, id);
  await updateAccount(db, id, { disabled_at: row.disabled_at ?? nowStored() }, { revokeTokens: true });
  await sessions.changed(id);
  return userView(db, id);
}

/** The account may sign in again; tokens refused while it was disabled stay refused. */
export async function enableUser({ db, sessions }: AccountStore, principal: Principal, id: number): Promise<User> {
  requireAdmin(principal);
  await requireUser(db, id);
  await updateAccount(db, id, { disabled_at: null }, { revokeTokens: false });
  // Processes that cached the account as disabled must not refuse the new sign-in.
  await sessions.changed(id);
  return userView(db, id);
}

/** An administrator sets a new password (a forgotten or leaked one): every token the user holds is refused at once. */
export async function resetPassword({ db, sessions }: AccountStore, principal: Principal, id: number, input: PasswordReset): Promise<User> {
  requireAdmin(principal);
  await requireUser(db, id);
  await updateAccount(db, id, { password_hash: await hashPassword(input.password) }, { revokeTokens: true });
  await sessions.changed(id);
  return userView(db, id);
}

/**
 * The user no longer works for the clinic: its calls and its stream are refused at once. Their
 * tokens stay good for their other clinics, since every request reads the memberships afresh.
 */
export async function removeUserFromClinic(
  { db, sessions }: AccountStore,
  principal: Principal,
  userId: number,
  clinicId: number,
): Promise<void> {
  requireAdmin(principal);
  await requireUser(db, userId);
  if (!(await removeMembership(db, userId, clinicId))) throw Errors.membershipNotFound();
  await sessions.changed(userId);
}

/** Whom a clinic's calls can be assigned to (the rule the PATCH checks); any user of the clinic may ask. */
export async function listAssignableUsers(db: Db, principal: Principal, clinicId: number): Promise<ClinicUsers> {
  await getVisibleClinic(db, principal, clinicId);
  return { items: await listAssignableRows(db, clinicId) };
}
