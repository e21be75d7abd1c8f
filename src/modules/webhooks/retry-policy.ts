import { toStoredDateTime } from '../../shared/datetime.js';

/**
 * When a delivery that failed for a passing reason (the database away, a lock, a timeout) is tried
 * again: 30 s after the first failure, doubling up to an hour, 50 attempts in all (about two days),
 * so an outage is ridden out without hammering a database that is coming back.
 */
export const RETRY_POLICY = { firstDelayMs: 30_000, maxDelayMs: 60 * 60_000, maxAttempts: 50 } as const;

/** The wait after `attempts` failed attempts. */
export function retryDelayMs(attempts: number): number {
  const { firstDelayMs, maxDelayMs } = RETRY_POLICY;
  return Math.min(maxDelayMs, firstDelayMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}

/** When to try again after `attempts` failed attempts (stored form), or null once they are used up. */
export function nextAttemptAt(attempts: number, now: number = Date.now()): string | null {
  if (attempts >= RETRY_POLICY.maxAttempts) return null;
  return toStoredDateTime(new Date(now + retryDelayMs(attempts)));
}
