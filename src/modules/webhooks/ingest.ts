import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../db/create-db.js';
import type { CallLogChanges, CallLogRow, Db, NewCallLog } from '../../db/database.js';
import { nowStored, toStoredDateTime } from '../../shared/datetime.js';
import { AppError } from '../../shared/errors.js';
import { retryOnDeadlock } from '../../db/retry.js';
import { toClinic } from '../clinics/mapper.js';
import { findClinic } from '../clinics/repository.js';
import { resolveClinic } from '../clinic-routes/repository.js';
import type { CallLogEventHub, CallLogEventType } from '../call-logs/live-updates.js';
import { toCallLogListItem } from '../call-logs/mapper.js';
import {
  editedFields,
  findCallLogByExternalIdForUpdate,
  insertCallLogIfAbsent,
  updateCallLog,
} from '../call-logs/repository.js';
import { addInboxEvent, dueInboxEvents, markInboxEvent } from './inbox.js';
import type { IngestedCall, ParsedDelivery, ProviderAdapter } from './provider.js';
import { retellAdapter } from './retell/retell-adapter.js';
import { vapiAdapter } from './vapi/vapi-adapter.js';

export interface IngestDeps {
  store: Pick<DatabaseHandle, 'db' | 'dialect'>;
  events: CallLogEventHub;
  /** Fastify's logger in the server; the CLI passes its own. */
  log: Pick<FastifyBaseLogger, 'error'>;
}

export const ingestDepsOf = (app: FastifyInstance): IngestDeps => ({
  store: { db: app.db, dialect: app.dialect },
  events: app.callLogEvents,
  log: app.log,
});

export const adapters: Record<ProviderAdapter['name'], ProviderAdapter> = { vapi: vapiAdapter, retell: retellAdapter };

export type IngestOutcome =
  | { state: 'processed'; eventId: number; callLogId: number }
  | { state: 'unrouted' | 'failed'; eventId: number }
  | { state: 'ignored' }
  | { state: 'rejected'; eventId: number; delivery: Extract<ParsedDelivery, { kind: 'rejected' }> };

/**
 * An authenticated delivery: parsed in memory, written to the inbox, then processed. Deliveries we
 * do not store anything for (status updates, live transcripts) are acknowledged without an inbox row.
 */
export async function receiveDelivery(deps: IngestDeps, adapter: ProviderAdapter, body: unknown): Promise<IngestOutcome> {
  const delivery = adapter.parse(body);
  if (delivery.kind === 'ignored') return { state: 'ignored' };
  const storedBody = serialiseForInbox(adapter, body);
  const eventId = await addInboxEvent(deps.store.db, {
    provider: adapter.name,
    message_type: delivery.messageType,
    external_call_id: delivery.externalCallId,
    state: delivery.kind === 'rejected' ? 'rejected' : 'received',
    error: delivery.kind === 'rejected' ? `${delivery.errorKey}: ${delivery.detail}` : null,
    body: storedBody,
  });
  if (delivery.kind === 'rejected') return { state: 'rejected', eventId, delivery };
  return processReport(deps, eventId, delivery);
}

/**
 * The redacted body as JSON text. `JSON.parse` accepts nesting far deeper than `JSON.stringify` can
 * write back; such a body cannot be kept, so it is refused rather than half-stored.
 */
function serialiseForInbox(adapter: ProviderAdapter, body: unknown): string {
  try {
    return JSON.stringify(adapter.redact(body));
  } catch {
    throw new AppError(400, 'WEBHOOK_PAYLOAD_INVALID', 'The body is nested too deeply to be stored.');
  }
}

/** A body that was not even JSON: kept as text for inspection, never processed. */
export async function keepUnreadableDelivery(deps: IngestDeps, provider: string, rawBody: string, detail: string): Promise<number> {
  return addInboxEvent(deps.store.db, {
    provider,
    message_type: null,
    external_call_id: null,
    state: 'rejected',
    error: `WEBHOOK_PAYLOAD_INVALID: ${detail}`,
    body: rawBody.slice(0, 1_000_000),
  });
}

type Report = Extract<ParsedDelivery, { kind: 'report' }>;

/**
 * One transaction: find the clinic, upsert the call log, mark the inbox event. Any failure leaves
 * the event `failed` with its error, to be retried; the call log is never half-written.
 */
async function processReport(deps: IngestDeps, eventId: number, report: Report): Promise<IngestOutcome> {
  const { db, dialect } = deps.store;
  try {
    const result = await retryOnDeadlock(() =>
      db.transaction().execute(async (trx) => {
        const clinicId = await resolveClinic(trx, report.routes);
        if (clinicId === null) {
          const tried = report.routes.map((r) => `${r.type}=${r.value}`).join(', ') || 'no identifiers';
          await markInboxEvent(trx, eventId, { state: 'unrouted', error: `No clinic route matches (${tried}).` });
          return null;
        }
        const upsert = await upsertIngestedCall(trx, dialect, clinicId, report.call);
        await markInboxEvent(trx, eventId, { state: 'processed', call_log_id: upsert.id });
        return upsert;
      }),
    );
    if (!result) return { state: 'unrouted', eventId };
    if (result.change) await publishCallLog(deps, result.row, result.change);
    return { state: 'processed', eventId, callLogId: result.id };
  } catch (error) {
    deps.log.error({ err: error, eventId }, 'webhook processing failed; the event will be retried');
    await markInboxEvent(db, eventId, { state: 'failed', error: error instanceof Error ? error.message : String(error) });
    return { state: 'failed', eventId };
  }
}

/**
 * Upsert on `external_call_id`. A re-delivery refreshes what the provider reported but never
 * `status`, `clinic_id`, `created_at`, nor a field a staff member edited.
 */
async function upsertIngestedCall(
  trx: Db,
  dialect: IngestDeps['store']['dialect'],
  clinicId: number,
  call: IngestedCall,
): Promise<{ id: number; row: CallLogRow; change: CallLogEventType | null }> {
  const row: NewCallLog = { ...call, clinic_id: clinicId, status: 'NEW', created_at: nowStored() };
  const inserted = await insertCallLogIfAbsent(trx, dialect, row);
  const existing = await findCallLogByExternalIdForUpdate(trx, dialect, call.external_call_id);
  if (!existing) throw new Error(`call ${call.external_call_id} vanished during ingestion`);
  if (inserted) return { id: existing.id, row: existing, change: 'call-log.created' };

  const protectedFields = await editedFields(trx, existing.id);
  const changes = Object.fromEntries(
    Object.entries(call).filter(
      ([field, value]) => !protectedFields.has(field) && !sameStoredValue(field, existing[field as keyof CallLogRow], value),
    ),
  ) as CallLogChanges;
  if (Object.keys(changes).length === 0) return { id: existing.id, row: existing, change: null };
  const written = { ...changes, updated_at: nowStored() };
  await updateCallLog(trx, existing.id, written);
  return { id: existing.id, row: { ...existing, ...written } as CallLogRow, change: 'call-log.updated' };
}

/** Numbers come back from the two databases in different forms (DECIMAL text, FLOAT rounding). */
function sameStoredValue(field: string, stored: unknown, incoming: unknown): boolean {
  if (stored === null || incoming === null || stored === undefined) return stored === incoming;
  if (field === 'cost') return Number(stored) === Number(incoming);
  if (field === 'call_duration_seconds') return Math.abs(Number(stored) - Number(incoming)) < 0.0005;
  if (field === 'is_existing_patient') return Number(stored) === Number(incoming);
  return stored === incoming;
}

/** After commit: the row as written is known, only its clinic is read for the list item. */
async function publishCallLog(deps: IngestDeps, row: CallLogRow, type: CallLogEventType): Promise<void> {
  const clinic = await findClinic(deps.store.db, row.clinic_id);
  if (clinic) deps.events.publish({ type, clinicId: row.clinic_id, item: toCallLogListItem(row, toClinic(clinic)) });
}

/** Re-runs a stored delivery through its adapter (bodies are kept redacted, which never touches mapped fields). */
export async function reprocessEvent(deps: IngestDeps, event: { id: number; provider: string; body: string }): Promise<IngestOutcome> {
  const adapter = adapters[event.provider as ProviderAdapter['name']];
  let body: unknown;
  try {
    body = JSON.parse(event.body);
  } catch {
    return { state: 'ignored' };
  }
  const delivery = adapter?.parse(body);
  if (!delivery || delivery.kind !== 'report') return { state: 'ignored' };
  return processReport(deps, event.id, delivery);
}

/**
 * Deliveries to try again, oldest first, in bounded batches: by default failed ones and ones a
 * stopped process left `received`; after a route is added, the unrouted ones.
 */
export async function retryDueEvents(
  deps: IngestDeps,
  options: { states: ('failed' | 'unrouted')[]; maxAttempts: number },
): Promise<number> {
  const due = await dueInboxEvents(deps.store.db, {
    states: options.states,
    staleBefore: toStoredDateTime(new Date(Date.now() - STUCK_AFTER_MS)),
    maxAttempts: options.maxAttempts,
    limit: 500,
  });
  let processed = 0;
  for (const event of due) {
    if ((await reprocessEvent(deps, event)).state === 'processed') processed++;
  }
  return processed;
}

/** A delivery still `received` after this long was interrupted (its processing takes milliseconds). */
const STUCK_AFTER_MS = 2 * 60 * 1000;
