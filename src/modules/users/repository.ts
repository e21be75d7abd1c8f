import type { Db, UserRole } from '../../db/database.js';
import { nowStored } from '../../shared/datetime.js';

const USER_COLUMNS = ['id', 'email', 'full_name', 'role'] as const;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function findUserByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash', 'token_version', 'disabled_at'])
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
}

export function findUser(db: Db, id: number) {
  return db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** A user with what decides whether their tokens are still good. */
export function findAccount(db: Db, id: number) {
  return db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'token_version', 'disabled_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findPasswordHash(db: Db, id: number) {
  return db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst();
}

/** Changes a user's account; with `revokeTokens` every token issued before is refused from now on. */
export async function updateAccount(
  db: Db,
  id: number,
  changes: { password_hash?: string; disabled_at?: string | null },
  { revokeTokens }: { revokeTokens: boolean },
): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({
      ...changes,
      ...(revokeTokens ? { token_version: eb('token_version', '+', 1) } : {}),
      updated_at: nowStored(),
    }))
    .where('id', '=', id)
    .execute();
}

export async function removeMembership(db: Db, userId: number, clinicId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('clinic_memberships')
    .where('user_id', '=', userId)
    .where('clinic_id', '=', clinicId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function clinicIdsOf(db: Db, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('clinic_memberships').select('clinic_id').where('user_id', '=', userId).orderBy('clinic_id').execute();
  return rows.map((r) => r.clinic_id);
}

export async function insertUser(
  db: Db,
  user: { email: string; password_hash: string; full_name: string | null; role: UserRole },
): Promise<number> {
  const now = nowStored();
  const result = await db
    .insertInto('users')
    .values({ ...user, email: normaliseEmail(user.email), created_at: now, updated_at: now })
    .executeTakeFirstOrThrow();
  return Number(result.insertId);
}

export async function addMemberships(db: Db, userId: number, clinicIds: number[]): Promise<void> {
  if (clinicIds.length === 0) return;
  await db
    .insertInto('clinic_memberships')
    .values(clinicIds.map((clinic_id) => ({ user_id: userId, clinic_id })))
    .execute();
}
