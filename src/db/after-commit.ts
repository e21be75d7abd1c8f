import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import { retryOnDeadlock } from './retry.js';

/** Queues an external effect (a live update, say) to run once the transaction has committed. */
export type AfterCommit = (effect: () => void) => void;

export interface EffectLog {
  error(details: object, message: string): void;
}

/**
 * Runs `work` in one transaction (again, whole, when MariaDB picks it as a deadlock victim), then the
 * external effects it queued with `afterCommit`, once and only once the write has committed: an
 * attempt that rolled back never tells anyone about what it did not write.
 *
 * Once committed, this never throws: an effect that fails is logged and the others still run. A
 * caller may therefore treat a rejection as "nothing was written" (ingestion stores the delivery as
 * `failed` to retry it) without ever recording a committed delivery a second time.
 */
export async function transactionThenEffects<T>(
  db: Kysely<Database>,
  log: EffectLog,
  work: (trx: Transaction<Database>, afterCommit: AfterCommit) => Promise<T>,
): Promise<T> {
  let effects: (() => void)[] = [];
  const result = await retryOnDeadlock(() => {
    effects = [];
    return db.transaction().execute((trx) => work(trx, (effect) => void effects.push(effect)));
  });
  for (const effect of effects) {
    try {
      effect();
    } catch (error) {
      log.error({ err: error }, 'an effect after commit failed; the write stands');
    }
  }
  return result;
}
