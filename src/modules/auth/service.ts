import type { Db } from '../../db/database.js';
import { Errors } from '../../shared/errors.js';
import { findUserByEmail } from '../users/repository.js';
import { decoyHash, verifyPassword } from './password.js';
import type { AccessToken, LoginRequest } from './schemas.js';
import type { TokenSigner } from './tokens.js';

export async function logIn(db: Db, tokens: TokenSigner, { email, password }: LoginRequest): Promise<AccessToken> {
  const user = await findUserByEmail(db, email);
  const valid = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
  if (!user || !valid) throw Errors.invalidCredentials();
  return { access_token: await tokens.sign(user.id), token_type: 'bearer', expires_in: tokens.ttlSeconds };
}
