import { AppError, catalogueEntry, Errors } from '../../shared/errors.js';
import { keepUnreadableDelivery, receiveDelivery, type IngestDeps, type IngestOutcome } from './ingest.js';
import type { ProviderAdapter } from './provider.js';

/**
 * A delivery whose credential has been checked, as the raw text it came as. A body that is not JSON
 * is kept for inspection and refused; a malformed one is refused with its catalogue error, and one
 * the database refuses to store with WEBHOOK_REPORT_UNSTORABLE (the inbox keeps both as `rejected`);
 * anything else is what ingestion made of it.
 */
export async function receiveRawDelivery(
  deps: IngestDeps,
  adapter: ProviderAdapter,
  raw: string,
): Promise<Exclude<IngestOutcome, { state: 'rejected' | 'unstorable' }>> {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    await keepUnreadableDelivery(deps, adapter.name, raw, 'The body is not JSON.');
    throw Errors.webhookPayloadInvalid('The body is not JSON.');
  }
  const outcome = await receiveDelivery(deps, adapter, body);
  if (outcome.state === 'rejected') throw new AppError(catalogueEntry(outcome.delivery.errorKey)!, outcome.delivery.detail);
  if (outcome.state === 'unstorable') {
    throw Errors.webhookReportUnstorable(
      `The database refuses this report whatever we retry; it is kept in the webhook inbox as rejected (event ${outcome.eventId}).`,
    );
  }
  return outcome;
}
