import { createHash } from 'node:crypto';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { AppError, ErrorCatalogue } from '../../shared/errors.js';
import { normaliseEmail } from '../users/repository.js';

export interface SignInThrottleSettings {
  /** Failed sign-ins per account (e-mail) within the window. */
  perAccount: number;
  /** Failed sign-ins from one client address (an IPv6 /64) within the window, whatever the account. */
  perAddress: number;
  windowSeconds: number;
  /** Counters in Redis, shared by every worker and machine; otherwise each process counts alone. */
  redisUrl?: string;
}

export interface SignInThrottle {
  /**
   * Runs a sign-in unless its account or its address has used up its failures (429 with
   * Retry-After, the password never checked), and counts it when it fails with wrong credentials.
   * Only failures count, so a colleague signing in while someone hammers another account is not slowed.
   */
  guard<T>(request: FastifyRequest, signIn: () => Promise<T>): Promise<T>;
}

/**
 * Brute-force protection for `POST /auth/login`, built on @fastify/rate-limit's counters (its
 * `createRateLimit`, with `{ increment: false }` to look without counting). Registered in the
 * login scope only: no other route is rate-limited by it.
 */
export async function installSignInThrottle(app: FastifyInstance, settings: SignInThrottleSettings): Promise<SignInThrottle> {
  const redis = settings.redisUrl ? new Redis(settings.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 }) : undefined;
  if (redis) {
    redis.on('error', (error: Error) => app.log.warn({ err: error }, 'sign-in throttle: Redis unavailable'));
    app.addHook('onClose', async () => void (await redis.quit().catch(() => redis.disconnect())));
  }
  await app.register(rateLimit, {
    global: false,
    // A Redis outage must not stop staff from signing in: the throttle lets sign-ins through meanwhile.
    skipOnError: true,
    ...(redis ? { redis, nameSpace: 'zenicall-sign-in-' } : {}),
  });

  const limiter = (max: number, keyGenerator: (request: FastifyRequest) => string) =>
    app.createRateLimit({ max, timeWindow: settings.windowSeconds * 1000, keyGenerator });
  // The e-mail is hashed so the shared store holds no staff addresses.
  const accountKey = (request: FastifyRequest) => `account:${digest(normaliseEmail(emailOf(request)))}`;
  const perAccount = limiter(settings.perAccount, accountKey);
  const perAddress = limiter(settings.perAddress, (request) => `address:${normalizeIP(request.ip)}`);
  const limiters = [perAccount, perAddress];

  const attempt = async <T>(request: FastifyRequest, signIn: () => Promise<T>): Promise<T> => {
    const states = await Promise.all(limiters.map((check) => check(request, { increment: false })));
    const blockedFor = Math.max(0, ...states.map((state) => (!state.isAllowed && state.remaining === 0 ? state.ttlInSeconds : 0)));
    if (blockedFor > 0) throw tooManyAttempts(blockedFor);
    try {
      return await signIn();
    } catch (error) {
      if (error instanceof AppError && error.errorKey === ErrorCatalogue.invalidCredentials.key) {
        await Promise.all(limiters.map((count) => count(request)));
      }
      throw error;
    }
  };

  // Look, check, count is not atomic: eight guesses in flight at once would all look before any is
  // counted. One account's attempts are therefore checked one after the other (in each process).
  const queue = new SerialQueue();
  return { guard: (request, signIn) => queue.run(accountKey(request), () => attempt(request, signIn)) };
}

/** Runs the tasks of one key one at a time, in arrival order; keys are forgotten when idle. */
class SerialQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

/** The login body has been validated by then: `email` is a string. */
const emailOf = (request: FastifyRequest): string => {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email : '';
};

const digest = (text: string) => createHash('sha256').update(text).digest('base64url');

function tooManyAttempts(seconds: number): AppError {
  const entry = ErrorCatalogue.tooManySignInAttempts;
  return new AppError(
    { ...entry, headers: { 'retry-after': String(seconds) } },
    `Too many failed sign-ins for this account or from this address. Try again in ${seconds} seconds.`,
  );
}
