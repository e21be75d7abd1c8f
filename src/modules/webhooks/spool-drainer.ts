import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { isDatabaseUnavailable } from '../../db/errors.js';
import { runPeriodically } from '../../shared/background-task.js';
import { findInboxEventByKey } from './inbox.js';
import { adapters, ingestDepsOf, prepareDelivery, storeDelivery, type IngestDeps } from './ingest.js';
import type { ProviderAdapter } from './provider.js';
import type { SpooledDelivery, WebhookSpool } from './spool.js';

/** How often each process looks at the spool (a file check, or one COUNT on it). */
const DRAIN_INTERVAL_MS = 1000;
const BATCH = 100;

/**
 * Moves spooled deliveries into the inbox once the database takes them again: oldest first, each
 * through the same storing path as a live delivery, removed from the spool only once stored.
 * Exactly once: the delivery key is unique in the inbox, and looked up first, so a delivery stored
 * just before a crash (before its removal from the spool), or stored late by the request that
 * spooled it, is removed without being stored twice.
 *
 * One drainer at a time per spool file (the lease), so the order holds when several workers share
 * it. A delivery the database refuses for another reason than being down (which processing itself
 * turns into a `failed` inbox event, so this is rare) is noted and passed over until the next pass,
 * so it cannot hold up the others. Returns how many deliveries were drained.
 */
export async function drainSpool(deps: IngestDeps, spool: WebhookSpool, options: { holder: string; leaseMs: number }): Promise<number> {
  if (spool.backlog() === 0 || !spool.takeLease(options.holder, options.leaseMs)) return 0;
  let drained = 0;
  try {
    for (let afterId = 0, batch = spool.next(afterId, BATCH); batch.length > 0; batch = spool.next(afterId, BATCH)) {
      for (const delivery of batch) {
        afterId = delivery.id;
        // Renewed per delivery: a drainer that lost its lease (stalled past it) lets the new holder go on alone.
        if (!spool.takeLease(options.holder, options.leaseMs)) return drained;
        try {
          await storeSpooled(deps, delivery);
        } catch (error) {
          // Still down: the rest waits for the next pass, in order.
          if (isDatabaseUnavailable(error)) return drained;
          deps.log.error({ err: error, deliveryKey: delivery.delivery_key }, 'a spooled webhook delivery could not be stored');
          spool.noteFailure(delivery.id, error instanceof Error ? error.message : String(error));
          continue;
        }
        spool.remove(delivery.id);
        drained++;
      }
    }
  } finally {
    spool.releaseLease(options.holder);
  }
  return drained;
}

async function storeSpooled(deps: IngestDeps, delivery: SpooledDelivery): Promise<void> {
  if (await findInboxEventByKey(deps.store.db, delivery.delivery_key)) return;
  const adapter = adapters[delivery.provider as ProviderAdapter['name']];
  if (!adapter) throw new Error(`no adapter for provider "${delivery.provider}"`);
  const prepared = prepareDelivery(adapter, delivery.body, { delivery_key: delivery.delivery_key, received_at: delivery.received_at });
  if (prepared.kind !== 'ignored') await storeDelivery(deps, prepared);
}

/**
 * Every process drains (the lease keeps it to one at a time), so deliveries spooled by any worker
 * are drained even when the worker that runs the other background jobs is gone. Closing the app
 * waits for a pass in progress.
 */
export function startSpoolDrainer(app: FastifyInstance): void {
  const deps = ingestDepsOf(app);
  const spool = app.webhookSpool;
  // Past this, a drainer is taken for dead: a few statements' worth of timeouts.
  const options = { holder: `${process.pid}-${randomUUID()}`, leaseMs: Math.max(30_000, 3 * app.config.dbStatementTimeoutMs) };
  runPeriodically(
    app,
    DRAIN_INTERVAL_MS,
    async () => {
      const drained = await drainSpool(deps, spool, options);
      if (drained > 0) app.log.info({ drained, left: spool.backlog() }, 'moved spooled webhook deliveries into the inbox');
    },
    (error) => app.log.error({ err: error }, 'draining the webhook spool failed'),
  );
}
