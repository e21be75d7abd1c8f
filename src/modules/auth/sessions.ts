import { EventEmitter } from 'node:events';
import type { Db } from '../../db/database.js';
import { AppError, Errors } from '../../shared/errors.js';
import type { CallLogEventHub } from '../call-logs/live-updates.js';
import { clinicIdsOf, findAccount } from '../users/repository.js';
import type { Principal } from './principal.js';
import type { VerifiedToken } from './tokens.js';

/** How long a process trusts what it read about a user when no change was announced (a change made outside the API). */
const ACCOUNT_TTL_MS = 5_000;
const ACCOUNTS_KEPT = 10_000;
/** A stream re-reads its user this often, for changes made behind the API's back (a user deleted in the database). */
const STREAM_RECHECK_MS = 30_000;

interface Account {
  principal: Principal;
  tokenVersion: number;
  disabled: boolean;
}

/**
 * Whether a verified token may still act, checked on every request at the cost of a map look-up:
 * each process caches who a user is (role, clinics, token version, disabled) and forgets it the
 * moment a change is announced. The API announces every change it makes (`changed`), in this
 * process at once and in the others through the live-update hub (Redis or the cluster primary);
 * the cache's short life covers what the API did not make and a lost announcement.
 */
export interface Sessions {
  /** The token's user, or the 401 to answer: NOT_AUTHENTICATED (no such user), ACCOUNT_DISABLED or SESSION_REVOKED. */
  authorise(token: VerifiedToken): Promise<Principal>;
  /** After a committed change to a user's access: forget the user everywhere and re-check their streams. */
  changed(userId: number): Promise<void>;
  /**
   * Keeps a long-lived response (the event stream) honest: `end` is called once, with the reason,
   * when the token expires, the user loses access, or `stillAllowed` refuses the refreshed user.
   * Returns what stops watching.
   */
  watch(token: VerifiedToken, stillAllowed: (principal: Principal) => AppError | undefined, end: (reason: AppError) => void): () => void;
}

export function createSessions(db: Db, hub: CallLogEventHub): Sessions & { close(): void } {
  const accounts = new Map<number, { account: Promise<Account | undefined>; expires: number }>();
  const watchers = new EventEmitter();
  // One listener per open stream; there is no leak to warn about.
  watchers.setMaxListeners(0);

  const forget = (userId: number) => {
    accounts.delete(userId);
    watchers.emit(`user:${userId}`);
  };
  const stopListening = hub.onAccessChange(forget);

  function account(userId: number): Promise<Account | undefined> {
    const now = Date.now();
    const cached = accounts.get(userId);
    if (cached && cached.expires > now) return cached.account;
    if (accounts.size >= ACCOUNTS_KEPT) accounts.clear();
    const loaded = findAccount(db, userId).then(async (row) =>
      row
        ? {
            principal: {
              id: row.id,
              email: row.email,
              full_name: row.full_name,
              role: row.role,
              clinicIds: await clinicIdsOf(db, row.id),
              tokenVersion: row.token_version,
            },
            tokenVersion: row.token_version,
            disabled: row.disabled_at !== null,
          }
        : undefined,
    );
    accounts.set(userId, { account: loaded, expires: now + ACCOUNT_TTL_MS });
    loaded.catch(() => accounts.delete(userId));
    return loaded;
  }

  async function authorise(token: VerifiedToken): Promise<Principal> {
    const found = await account(token.userId);
    if (!found) throw Errors.notAuthenticated();
    if (found.disabled) throw Errors.accountDisabled();
    if (token.version < found.tokenVersion) throw Errors.sessionRevoked();
    return found.principal;
  }

  return {
    authorise,
    changed(userId) {
      // Here at once (the next request must not find the old entry), then every process, this one included.
      forget(userId);
      return hub.publishAccessChange(userId);
    },
    watch(token, stillAllowed, end) {
      let ended = false;
      const stop = () => {
        ended = true;
        clearTimeout(expiry);
        clearInterval(recheck);
        watchers.off(`user:${token.userId}`, check);
      };
      const finish = (reason: AppError) => {
        if (ended) return;
        stop();
        end(reason);
      };
      function check() {
        authorise(token).then(
          (principal) => {
            const refused = stillAllowed(principal);
            if (refused) finish(refused);
          },
          (error: unknown) => {
            // A database hiccup is not a reason to cut a dashboard off: the next check decides.
            if (error instanceof AppError) finish(error);
          },
        );
      }
      const expiry = setTimeout(
        () => finish(Errors.notAuthenticated('The session has expired: sign in again.')),
        token.expiresAt - Date.now(),
      );
      const recheck = setInterval(check, STREAM_RECHECK_MS);
      watchers.on(`user:${token.userId}`, check);
      return stop;
    },
    close() {
      stopListening();
      watchers.removeAllListeners();
      accounts.clear();
    },
  };
}
