import { sql } from 'kysely';
import type { Db, WebhookEventState } from '../../db/database.js';
import { nowStored } from '../../shared/datetime.js';
import { truncateCodePoints } from '../../shared/text.js';

/** The webhook inbox (`webhook_events`): every authenticated delivery, with what became of it. */

/** What a delivery brought; what became of it is an `InboxOutcome`. */
export interface InboxDelivery {
  provider: string;
  message_type: string | null;
  external_call_id: string | null;
  body: string;
}

/** When a delivery arrived and the key it keeps on every path into the inbox (see migration 008). */
export interface Arrival {
  delivery_key: string;
  received_at: string;
}

export interface InboxOutcome {
  state: WebhookEventState;
  error?: string | null;
  call_log_id?: number | null;
}

// Inbox columns are VARCHAR/TEXT counted in characters; a cut must not split a surrogate pair.
const clip = (text: string | null, max: number) => (text === null ? null : truncateCodePoints(text, max));

/**
 * Stores a delivery with its outcome: a rejected one as refused (never processed), a report in the
 * same transaction as its processing, or on its own when that processing failed.
 */
export async function addInboxEvent(db: Db, delivery: InboxDelivery & Partial<Arrival>, outcome: InboxOutcome): Promise<number> {
  const now = nowStored();
  const processed = outcome.state !== 'rejected';
  const result = await db
    .insertInto('webhook_events')
    .values({
      provider: delivery.provider,
      body: delivery.body,
      delivery_key: delivery.delivery_key ?? null,
      message_type: clip(delivery.message_type, 64),
      external_call_id: clip(delivery.external_call_id, 255),
      state: outcome.state,
      error: clip(outcome.error ?? null, 4000),
      call_log_id: outcome.call_log_id ?? null,
      attempts: processed ? 1 : 0,
      received_at: delivery.received_at ?? now,
      processed_at: processed ? now : null,
    })
    .executeTakeFirstOrThrow();
  return Number(result.insertId);
}

export async function markInboxEvent(db: Db, id: number, outcome: InboxOutcome): Promise<void> {
  await db
    .updateTable('webhook_events')
    .set({
      state: outcome.state,
      error: outcome.error === undefined ? null : clip(outcome.error, 4000),
      ...(outcome.call_log_id !== undefined ? { call_log_id: outcome.call_log_id } : {}),
      attempts: sql`attempts + 1`,
      processed_at: nowStored(),
    })
    .where('id', '=', id)
    .execute();
}

const EVENT_COLUMNS = [
  'id',
  'provider',
  'message_type',
  'external_call_id',
  'state',
  'error',
  'attempts',
  'call_log_id',
  'body',
  'received_at',
  'processed_at',
] as const;

/** The inbox event a delivery key entered as, if it did. */
export function findInboxEventByKey(db: Db, deliveryKey: string) {
  return db.selectFrom('webhook_events').select(['id', 'state', 'call_log_id']).where('delivery_key', '=', deliveryKey).executeTakeFirst();
}

export function findInboxEvent(db: Db, id: number) {
  return db.selectFrom('webhook_events').select(EVENT_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function pageInboxEvents(
  db: Db,
  filters: { states: WebhookEventState[]; provider?: string },
  paging: { limit: number; offset: number },
) {
  let query = db.selectFrom('webhook_events');
  if (filters.states.length > 0) query = query.where('state', 'in', filters.states);
  if (filters.provider) query = query.where('provider', '=', filters.provider);
  const [rows, count] = await Promise.all([
    query.select(EVENT_COLUMNS).orderBy('id', 'desc').limit(paging.limit).offset(paging.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

/**
 * Deliveries to try again: failed ones, unrouted ones (a route may have appeared), and ones left
 * `received` (older than `staleBefore`): releases before one-transaction ingestion stored a delivery
 * first and processed it after, so a process stopping in between left it there.
 */
export function dueInboxEvents(db: Db, options: { states: WebhookEventState[]; staleBefore: string; maxAttempts: number; limit: number }) {
  return db
    .selectFrom('webhook_events')
    .select(['id', 'provider', 'body'])
    .where((eb) =>
      eb.or([eb('state', 'in', options.states), eb.and([eb('state', '=', 'received'), eb('received_at', '<', options.staleBefore)])]),
    )
    .where('attempts', '<', options.maxAttempts)
    .orderBy('id')
    .limit(options.limit)
    .execute();
}
