import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { sql } from 'kysely';
import type { Db, WebhookEventState } from '../../db/database.js';
import { nowStored } from '../../shared/datetime.js';
import { truncateCodePoints } from '../../shared/text.js';
import type { FieldWarning } from './provider.js';

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
  /** What had to be dropped or cut to store the call. */
  warnings?: FieldWarning[];
  /** For a `failed` delivery: when to try again (NULL: attempts used up). */
  next_attempt_at?: string | null;
  /** A rejection after processing was tried (the database refused the report) counts as an attempt. */
  attempted?: boolean;
}

// Inbox columns are VARCHAR/TEXT counted in characters; a cut must not split a surrogate pair.
const clip = (text: string | null, max: number) => (text === null ? null : truncateCodePoints(text, max));

/** Stored as JSON text; none is NULL. Each reason is short, but a hostile report could name many fields. */
const warningsText = (warnings: FieldWarning[] | undefined) =>
  warnings === undefined || warnings.length === 0 ? null : JSON.stringify(warnings.slice(0, 50));

/** Shorter bodies are kept as text: deflating them saves little. */
const DEFLATE_FROM_CHARS = 1024;

/**
 * A body as stored: deflated when long. A report's body is 20–30 KB of JSON, a fifth of that
 * deflated, and sending and storing the full text was a fifth of what ingesting a report cost (see
 * migration 017). Level 1: deflating a 25 KB report takes ~80 µs; higher levels save a few percent more.
 */
function storedBody(text: string): { body: string; body_deflated: Uint8Array | null } {
  if (text.length < DEFLATE_FROM_CHARS) return { body: text, body_deflated: null };
  return { body: '', body_deflated: deflateRawSync(text, { level: 1 }) };
}

/** A stored body's text, however it was kept. */
function bodyText<Row extends { body: string; body_deflated: Uint8Array | null }>(row: Row): Omit<Row, 'body_deflated'> {
  const { body_deflated: deflated, ...rest } = row;
  return deflated === null ? rest : { ...rest, body: inflateRawSync(deflated).toString('utf8') };
}

/**
 * Stores a delivery with its outcome: a rejected one as refused (never processed), a report in the
 * same transaction as its processing, or on its own when that processing failed.
 */
export async function addInboxEvent(db: Db, delivery: InboxDelivery & Partial<Arrival>, outcome: InboxOutcome): Promise<number> {
  const now = nowStored();
  const processed = outcome.attempted ?? outcome.state !== 'rejected';
  const result = await db
    .insertInto('webhook_events')
    .values({
      provider: delivery.provider,
      ...storedBody(delivery.body),
      delivery_key: delivery.delivery_key ?? null,
      message_type: clip(delivery.message_type, 64),
      external_call_id: clip(delivery.external_call_id, 255),
      state: outcome.state,
      error: clip(outcome.error ?? null, 4000),
      call_log_id: outcome.call_log_id ?? null,
      warnings: warningsText(outcome.warnings),
      next_attempt_at: outcome.next_attempt_at ?? null,
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
      warnings: warningsText(outcome.warnings),
      next_attempt_at: outcome.next_attempt_at ?? null,
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
  'body_deflated',
  'received_at',
  'processed_at',
  'warnings',
  'next_attempt_at',
] as const;

/** The inbox event a delivery key entered as, if it did. */
export function findInboxEventByKey(db: Db, deliveryKey: string) {
  return db.selectFrom('webhook_events').select(['id', 'state', 'call_log_id']).where('delivery_key', '=', deliveryKey).executeTakeFirst();
}

export async function findInboxEvent(db: Db, id: number) {
  const row = await db.selectFrom('webhook_events').select(EVENT_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && bodyText(row);
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
  return { rows: rows.map(bodyText), total: Number(count.total) };
}

/**
 * Deliveries to try again: failed ones whose next attempt is due (`now`), unrouted ones (a route may
 * have appeared), and ones left `received` (older than `staleBefore`): releases before
 * one-transaction ingestion stored a delivery first and processed it after, so a process stopping in
 * between left it there.
 */
export async function dueInboxEvents(
  db: Db,
  options: { states: WebhookEventState[]; now: string; staleBefore: string; maxAttempts: number; limit: number },
) {
  const rows = await db
    .selectFrom('webhook_events')
    .select(['id', 'provider', 'body', 'body_deflated', 'attempts'])
    .where((eb) =>
      eb.or([
        eb.and([eb('state', 'in', options.states), eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', options.now)])]),
        eb.and([eb('state', '=', 'received'), eb('received_at', '<', options.staleBefore)]),
      ]),
    )
    .where('attempts', '<', options.maxAttempts)
    .orderBy('id')
    .limit(options.limit)
    .execute();
  return rows.map(bodyText);
}

/** Failed deliveries still to be retried: the retry backlog. */
export async function countRetryBacklog(db: Db, maxAttempts: number): Promise<number> {
  const row = await db
    .selectFrom('webhook_events')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('state', '=', 'failed')
    .where('attempts', '<', maxAttempts)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}
