import { isDatabaseUnavailable, withinTime } from '../../db/errors.js';
import { AppError, catalogueEntry, Errors } from '../../shared/errors.js';
import { newArrival, prepareDelivery, storeDelivery, type IngestDeps, type IngestOutcome, type Refusal } from './ingest.js';
import type { ProviderAdapter } from './provider.js';
import type { WebhookSpool } from './spool.js';

export interface DeliveryDeps extends IngestDeps {
  spool: WebhookSpool;
  /** How long the database may take before the delivery goes to the spool instead (ZENICALL_DB_WAIT_MS). */
  waitMs: number;
}

export type DeliveryOutcome = Exclude<IngestOutcome, { state: 'rejected' | 'unstorable' }> | { state: 'spooled' };

/**
 * A delivery whose credential has been checked, as the raw text it came as: prepared, then stored
 * if the database takes it within `waitMs`, else kept in the local spool for the drainer, so the
 * provider is answered well within its timeout and an acknowledged delivery is always on disk
 * somewhere. A refused delivery (not JSON, malformed) is kept for inspection the same way and
 * answered with its catalogue error, and one the database refuses to store with
 * WEBHOOK_REPORT_UNSTORABLE (the inbox keeps both as `rejected`). When even the spool cannot take a
 * delivery, 503 DATABASE_UNAVAILABLE tells the provider to send it again.
 */
export async function receiveRawDelivery(deps: DeliveryDeps, adapter: ProviderAdapter, raw: string): Promise<DeliveryOutcome> {
  const prepared = prepareDelivery(adapter, raw, newArrival());
  if (prepared.kind === 'ignored') return { state: 'ignored' };
  let outcome: IngestOutcome;
  try {
    outcome = await withinTime(storeDelivery(deps, prepared), deps.waitMs, (error) =>
      deps.log.warn(
        { err: error, deliveryKey: prepared.inbox.delivery_key },
        'a spooled delivery’s late write failed; the drainer stores it',
      ),
    );
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    keepInSpool(deps, prepared.inbox, error);
    if (prepared.kind === 'refused') throw refusalError(prepared.refusal);
    deps.onOutcome?.(adapter.name, { state: 'spooled' }, 'delivery');
    return { state: 'spooled' };
  }
  if (outcome.state === 'rejected') throw refusalError(outcome.delivery);
  if (outcome.state === 'unstorable') {
    throw Errors.webhookReportUnstorable(
      `The database refuses this report whatever we retry; it is kept in the webhook inbox as rejected (event ${outcome.eventId}).`,
    );
  }
  return outcome;
}

function keepInSpool(deps: DeliveryDeps, inbox: Parameters<WebhookSpool['put']>[0], databaseError: unknown): void {
  try {
    deps.spool.put({ provider: inbox.provider, body: inbox.body, delivery_key: inbox.delivery_key, received_at: inbox.received_at });
  } catch (error) {
    deps.log.error({ err: error, databaseError }, 'neither the database nor the spool could take a webhook delivery');
    throw Errors.databaseUnavailable('Neither the database nor the local spool can take the delivery now; send it again.');
  }
  deps.log.warn(
    { err: databaseError, deliveryKey: inbox.delivery_key },
    'the database could not take a webhook delivery; kept in the spool',
  );
}

const refusalError = (refusal: Refusal) => new AppError(catalogueEntry(refusal.errorKey)!, refusal.detail);
