import type { Db } from '../../db/database.js';
import { hashPassword } from '../auth/password.js';
import { findUserByEmail, insertUser } from './repository.js';

/** The administrator named by ZENICALL_ADMIN_EMAIL exists after start-up; an existing account is left as it is. */
export async function ensureAdmin(db: Db, admin: { email: string; password: string }): Promise<void> {
  if (await findUserByEmail(db, admin.email)) return;
  await insertUser(db, {
    email: admin.email,
    password_hash: await hashPassword(admin.password),
    full_name: 'Administrator',
    role: 'admin',
  });
}
