import type { Db, UserRole } from '../../db/database.js';
import { nowStored } from '../../shared/datetime.js';

const USER_COLUMNS = ['id', 'email', 'full_name', 'role'] as const;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function findUserByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash'])
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
}

export function findUser(db: Db, id: number) {
  return db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
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
