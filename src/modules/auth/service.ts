import type { Db } from '../../db/database.js';
import { Errors } from '../../shared/errors.js';
import { findAccount, findPasswordHash, findUserByEmail, updateAccount } from '../users/repository.js';
import type { AccountStore } from '../users/service.js';
import { decoyHash, hashPassword, verifyPassword } from './password.js';
import type { Principal } from './principal.js';
import type { AccessToken, LoginRequest, PasswordChange } from './schemas.js';
import type { TokenSigner } from './tokens.js';

export async function logIn(db: Db, tokens: TokenSigner, { email, password }: LoginRequest): Promise<AccessToken> {
  const user = await findUserByEmail(db, email);
  const valid = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
  if (!user || !valid) throw Errors.invalidCredentials();
  // Said only to whoever knows the password: it tells nobody else that the account exists.
  if (user.disabled_at !== null) throw Errors.accountDisabled();
  return accessToken(tokens, user.id, user.token_version);
}

async function accessToken(tokens: TokenSigner, userId: number, version: number): Promise<AccessToken> {
  return { access_token: await tokens.sign(userId, version), token_type: 'bearer', expires_in: tokens.ttlSeconds };
}

/**
 * The signed-in user picks a new password: every token they hold (other browsers, a token that
 * leaked) is refused at once, and this one is replaced by the token answered.
 */
export async function changePassword(
  { db, sessions }: AccountStore,
  tokens: TokenSigner,
  principal: Principal,
  { current_password, new_password }: PasswordChange,
): Promise<AccessToken> {
  const stored = await findPasswordHash(db, principal.id);
  if (!stored || !(await verifyPassword(current_password, stored.password_hash))) throw Errors.currentPasswordWrong();
  const passwordHash = await hashPassword(new_password);
  const version = await db.transaction().execute(async (trx) => {
    await updateAccount(trx, principal.id, { password_hash: passwordHash }, { revokeTokens: true });
    return (await findAccount(trx, principal.id))?.token_version;
  });
  await sessions.changed(principal.id);
  if (version === undefined) throw Errors.notAuthenticated();
  return accessToken(tokens, principal.id, version);
}

/** Signing out ends every session of the user, on every device: a token copied elsewhere dies with it. */
export async function logOut({ db, sessions }: AccountStore, principal: Principal): Promise<void> {
  await updateAccount(db, principal.id, {}, { revokeTokens: true });
  await sessions.changed(principal.id);
}
