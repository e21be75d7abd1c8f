import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../db/create-db.js';
import type { CallLogChanges, CallLogRow, Db, NewCallLog } from '../../db/database.js';
import { nowStored, toStoredDateTime } from '../../shared/datetime.js';
import { appendActivity } from '../activity/repository.js';
import { newCallWork } from '../work-queue/due-time.js';
import { findCallLogWork } from '../work-queue/repository.js';
import type { WorkSettings } from '../work-queue/settings.js';
import { callFieldChanges, VOICE_AGENT } from '../work-queue/trail.js';
import { ErrorCatalogue, Errors } from '../../shared/errors.js';
import { transactionThenEffects } from '../../db/after-commit.js';
import { putInStoredForm } from '../../db/column-forms.js';
import { describeDbError, isDatabaseUnavailable, isExpectedDbError, isPermanentDataError, isUniqueViolation } from '../../db/errors.js';
import { resolveClinic } from '../clinic-routes/repository.js';
import { publishAfterCommit, type CallLogEventType, type LiveUpdates } from '../call-logs/live-updates.js';
import { FRESH_WORK, type CallLogListRow } from '../call-logs/mapper.js';
import { editedFields, findCallLogByExternalIdForUpdate, updateCallLog } from '../call-logs/repository.js';
import {
  addInboxEvent,
  dueInboxEvents,
  findInboxEventByKey,
  markInboxEvent,
  type Arrival,
  type InboxDelivery,
  type InboxOutcome,
} from './inbox.js';
import { fitToColumns } from './parsing/column-fit.js';
import type { IngestedCall, ParsedDelivery, ProviderAdapter } from './provider.js';
import { insertNewCall } from './new-call.js';
import { nextAttemptAt } from './retry-policy.js';
import { retellAdapter } from './retell/retell-adapter.js';
import { vapiAdapter } from './vapi/vapi-adapter.js';

export interface IngestDeps extends LiveUpdates {
  store: Pick<DatabaseHandle, 'db'>;
  /** Fastify's logger in the server; the CLI passes its own. */
  log: Pick<FastifyBaseLogger, 'error' | 'warn'>;
  /**
   * Told every outcome of processing (the metrics count them); `retry` when a stored delivery was
   * processed again; `spooled` when the database could not take a delivery and the spool kept it.
   */
  onOutcome?: (provider: string, outcome: IngestOutcome | { state: 'spooled' }, source: 'delivery' | 'retry') => void;
}

export const ingestDepsOf = (app: FastifyInstance): IngestDeps => ({
  store: { db: app.db },
  events: app.callLogEvents,
  log: app.log,
  onOutcome: (provider, outcome, source) => app.metrics.countIngestion(provider, outcomeLabel(outcome), source),
});

/** The outcome as the metrics name it: a re-delivery that changed nothing is a `duplicate`. */
const outcomeLabel = (outcome: IngestOutcome | { state: 'spooled' }): string =>
  outcome.state === 'processed' && outcome.duplicate ? 'duplicate' : outcome.state;

export const adapters: Record<ProviderAdapter['name'], ProviderAdapter> = { vapi: vapiAdapter, retell: retellAdapter };

/** Why a delivery that can never become a call log was refused, as its catalogue error. */
export interface Refusal {
  errorKey: string;
  detail: string;
}

export type IngestOutcome =
  /** `duplicate`: the call was already stored and nothing in the report changed it (a re-delivery). */
  | { state: 'processed'; eventId: number; callLogId: number; duplicate: boolean }
  | { state: 'unrouted' | 'failed'; eventId: number }
  /** The database refuses the report whatever we retry: kept `rejected` in the inbox, never retried. */
  | { state: 'unstorable'; eventId: number }
  | { state: 'ignored' }
  | { state: 'rejected'; eventId: number; delivery: Refusal };

/**
 * A delivery made ready for the database without touching it: what the inbox will keep and, for a
 * report, the call. Preparing is pure and deterministic, so a delivery the database could not take
 * waits in the spool as its inbox body and is prepared again, the same way, when drained.
 */
export type PreparedDelivery =
  | { kind: 'ignored' }
  | { kind: 'refused'; inbox: InboxDelivery & Arrival; refusal: Refusal }
  | { kind: 'report'; inbox: InboxDelivery & Arrival; report: Report };

/** A new arrival: now, under a fresh key. */
export const newArrival = (): Arrival => ({ delivery_key: randomUUID(), received_at: nowStored() });

/**
 * An authenticated delivery's text, ready to store. A body that is not JSON is kept as text for
 * inspection and refused; a malformed one is refused with its catalogue error; status updates and
 * live transcripts are ignored (nothing stored).
 */
export function prepareDelivery(adapter: ProviderAdapter, raw: string, { delivery_key, received_at }: Arrival): PreparedDelivery {
  const arrival = { delivery_key, received_at };
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    const inbox = { provider: adapter.name, message_type: null, external_call_id: null, body: raw.slice(0, 1_000_000), ...arrival };
    return { kind: 'refused', inbox, refusal: { errorKey: ErrorCatalogue.webhookPayloadInvalid.key, detail: 'The body is not JSON.' } };
  }
  return prepareParsed(adapter, body, arrival, raw);
}

/** `text`: the JSON text `body` was parsed from, when it came as text. */
function prepareParsed(adapter: ProviderAdapter, body: unknown, arrival: Arrival, text?: string): PreparedDelivery {
  const delivery = adapter.parse(body);
  if (delivery.kind === 'ignored') return { kind: 'ignored' };
  const inbox = {
    provider: adapter.name,
    message_type: delivery.messageType,
    external_call_id: delivery.externalCallId,
    body: serialiseForInbox(adapter, body, text),
    ...arrival,
  };
  if (delivery.kind === 'rejected') return { kind: 'refused', inbox, refusal: { errorKey: delivery.errorKey, detail: delivery.detail } };
  return { kind: 'report', inbox, report: delivery };
}

/**
 * Stores a prepared delivery: a refused one as `rejected` (never processed), a report processed and
 * written to the inbox in one transaction (one commit per report; a report is acknowledged only once
 * stored). Throws when the database is unavailable (see `isDatabaseUnavailable`): nothing was stored.
 */
export async function storeDelivery(deps: IngestDeps, prepared: Exclude<PreparedDelivery, { kind: 'ignored' }>): Promise<IngestOutcome> {
  const outcome = await storePrepared(deps, prepared);
  deps.onOutcome?.(prepared.inbox.provider, outcome, 'delivery');
  return outcome;
}

async function storePrepared(deps: IngestDeps, prepared: Exclude<PreparedDelivery, { kind: 'ignored' }>): Promise<IngestOutcome> {
  if (prepared.kind === 'refused') {
    const { errorKey, detail } = prepared.refusal;
    const eventId = await addInboxEvent(deps.store.db, prepared.inbox, { state: 'rejected', error: `${errorKey}: ${detail}` });
    return { state: 'rejected', eventId, delivery: prepared.refusal };
  }
  return processReport(deps, prepared.inbox, prepared.report);
}

/** An already parsed body (the CLI, the reconciler): prepared and stored at once, no spool. */
export async function receiveDelivery(deps: IngestDeps, adapter: ProviderAdapter, body: unknown): Promise<IngestOutcome> {
  const prepared = prepareParsed(adapter, body, newArrival());
  if (prepared.kind === 'ignored') {
    deps.onOutcome?.(adapter.name, { state: 'ignored' }, 'delivery');
    return { state: 'ignored' };
  }
  return storeDelivery(deps, prepared);
}

/**
 * The redacted body as JSON text: the text it came as (`text`, when known) if there was nothing to
 * redact. `JSON.parse` accepts nesting far deeper than `JSON.stringify` can write back; such a body
 * cannot be kept, so it is refused rather than half-stored.
 */
function serialiseForInbox(adapter: ProviderAdapter, body: unknown, text: string | undefined): string {
  const redacted = adapter.redact(body);
  if (redacted === body && text !== undefined) return text;
  try {
    return JSON.stringify(redacted);
  } catch {
    throw Errors.webhookPayloadInvalid('The body is nested too deeply to be stored.');
  }
}

type Report = Extract<ParsedDelivery, { kind: 'report' }>;

/** A new delivery to store with its outcome, or an inbox event being processed again (after `attempts` attempts). */
type InboxEntry = (InboxDelivery & Arrival) | { eventId: number; attempts: number };

function recordOutcome(db: Db, entry: InboxEntry, outcome: InboxOutcome): Promise<number> {
  if ('eventId' in entry) return markInboxEvent(db, entry.eventId, outcome).then(() => entry.eventId);
  return addInboxEvent(db, entry, outcome);
}

/**
 * One transaction: find the clinic, upsert the call log, record the outcome in the inbox. Every value
 * is first fitted to its column (what was dropped or cut is kept as the event's warnings), so one bad
 * field never costs the call. Any failure rolls all of it back, the call log is never half-written,
 * and the delivery is kept: as `rejected` when the database refuses the data itself (a retry would
 * fail the same way), else as `failed`, retried with a growing delay (retry-policy.ts). The live
 * update goes out after commit, and a failure there never rejects (see transactionThenEffects), so a
 * committed delivery is never recorded again as failed.
 *
 * When the database is unavailable, a new delivery is not recorded at all: the error goes to the
 * caller, which keeps it in the spool. When the delivery's key is already in the inbox, another path
 * stored it (the spool's drainer, or this request's own write arriving late): that outcome stands.
 */
async function processReport(deps: IngestDeps, entry: InboxEntry, report: Report): Promise<IngestOutcome> {
  const { db } = deps.store;
  const fitted = fitToColumns(report.call);
  const warnings = [...report.warnings, ...fitted.warnings];
  let result;
  try {
    result = await transactionThenEffects(db, deps.log, async (trx, afterCommit) => {
      const resolved = await resolveClinic(trx, report.routes, fitted.call.caller_phone_number);
      if (resolved === null) {
        const tried = report.routes.map((r) => `${r.type}=${r.value}`).join(', ') || 'no identifiers';
        return { eventId: await recordOutcome(trx, entry, { state: 'unrouted', error: `No clinic route matches (${tried}).`, warnings }) };
      }
      const { clinic, workSettings, callerCallsWithNewCall } = resolved;
      const stored = await upsertIngestedCall(trx, clinic.id, fitted.call, workSettings);
      const eventId = await recordOutcome(trx, entry, { state: 'processed', call_log_id: stored.id, warnings });
      if (stored.change) {
        const callerCalls = stored.change === 'call-log.created' ? callerCallsWithNewCall : undefined;
        await publishAfterCommit(trx, afterCommit, deps.events, stored.change, stored.row, clinic, callerCalls);
      }
      return { eventId, callLogId: stored.id, duplicate: stored.change === null };
    });
  } catch (error) {
    if (!('eventId' in entry) && isDatabaseUnavailable(error)) throw error;
    return (await storedBefore(db, entry, error)) ?? recordFailure(deps, entry, report, error, warnings);
  }
  if (result.callLogId === undefined) return { state: 'unrouted', eventId: result.eventId };
  return { state: 'processed', eventId: result.eventId, callLogId: result.callLogId, duplicate: result.duplicate ?? false };
}

/** The outcome of the inbox event holding this delivery's key, when a unique violation says there is one. */
async function storedBefore(db: Db, entry: InboxEntry, error: unknown): Promise<IngestOutcome | undefined> {
  if (!('delivery_key' in entry) || !isUniqueViolation(error)) return undefined;
  const event = await findInboxEventByKey(db, entry.delivery_key);
  if (!event) return undefined;
  if (event.state === 'processed' && event.call_log_id !== null) {
    return { state: 'processed', eventId: event.id, callLogId: event.call_log_id, duplicate: true };
  }
  return { state: event.state === 'unrouted' ? 'unrouted' : 'failed', eventId: event.id };
}

/** A database error is expected now and then: one line without a stack. Anything else is a bug: its stack. */
async function recordFailure(
  deps: IngestDeps,
  entry: InboxEntry,
  report: Report,
  error: unknown,
  warnings: InboxOutcome['warnings'],
): Promise<IngestOutcome> {
  const { db } = deps.store;
  const { code, message } = describeDbError(error);
  const context = { externalCallId: report.externalCallId, code, ...('eventId' in entry ? { eventId: entry.eventId } : {}) };
  if (isPermanentDataError(error)) {
    deps.log.warn({ ...context, reason: message }, 'webhook report refused by the database; kept as rejected, not retried');
    const outcome = {
      state: 'rejected' as const,
      error: `${ErrorCatalogue.webhookReportUnstorable.key}: ${message}`,
      warnings,
      attempted: true,
    };
    return { state: 'unstorable', eventId: await recordOutcome(db, entry, outcome) };
  }
  const attempts = ('attempts' in entry ? entry.attempts : 0) + 1;
  const next = nextAttemptAt(attempts);
  const retry = next === null ? `not retried: ${attempts} attempts made` : `retried at ${next} UTC`;
  if (isExpectedDbError(error)) deps.log.warn({ ...context, reason: message, attempts }, `webhook processing failed; ${retry}`);
  else deps.log.error({ ...context, err: error, attempts }, `webhook processing failed; ${retry}`);
  return { state: 'failed', eventId: await recordOutcome(db, entry, { state: 'failed', error: message, warnings, next_attempt_at: next }) };
}

/**
 * Upsert on `external_call_id`. A re-delivery refreshes what the provider reported but never
 * `status`, `clinic_id`, `created_at`, nor a field a staff member edited. Returns the call's id and,
 * when something changed, the row's list columns as now stored and the kind of change.
 *
 * A new call also gets its due time and a `created` entry in its trail (new-call.ts); a changed one a
 * `provider_update` entry naming what changed.
 */
async function upsertIngestedCall(
  trx: Db,
  clinicId: number,
  call: IngestedCall,
  workSettings: WorkSettings,
): Promise<{ id: number; change: null } | { id: number; row: CallLogListRow; change: CallLogEventType }> {
  // In the form the row reads back in, so an unchanged field compares equal.
  putInStoredForm(call);
  const row = { ...call, clinic_id: clinicId, status: 'NEW' as const, created_at: nowStored() } satisfies NewCallLog;
  // Worked out before the insert, which hands it to the trigger on MariaDB (new-call.ts).
  const newWork = newCallWork(row, workSettings);
  const insertedId = await insertNewCall(trx, row, newWork);
  if (insertedId !== null) {
    // A new row is exactly what was sent: no need to read it back.
    return { id: insertedId, row: Object.assign(row, { id: insertedId }, FRESH_WORK, newWork), change: 'call-log.created' };
  }

  const existing = await findCallLogByExternalIdForUpdate(trx, call.external_call_id);
  if (!existing) throw new Error(`call ${call.external_call_id} vanished during ingestion`);
  const protectedFields = await editedFields(trx, existing.id);
  const changes = Object.fromEntries(
    Object.entries(call).filter(([field, value]) => !protectedFields.has(field) && existing[field as keyof CallLogRow] !== value),
  ) as CallLogChanges;
  if (Object.keys(changes).length === 0) return { id: existing.id, change: null };
  const now = nowStored();
  await appendActivity(trx, {
    call_log_id: existing.id,
    clinic_id: existing.clinic_id,
    actor_user_id: null,
    actor_name: VOICE_AGENT,
    action: 'provider_update',
    changes: callFieldChanges(existing, changes),
    at: now,
  });
  const written = { ...changes, updated_at: now };
  await updateCallLog(trx, existing.id, written);
  const work = await findCallLogWork(trx, existing.id);
  return { id: existing.id, row: Object.assign(existing, written, work ?? FRESH_WORK), change: 'call-log.updated' };
}

/** Re-runs a stored delivery through its adapter (bodies are kept redacted, which never touches mapped fields). */
export async function reprocessEvent(
  deps: IngestDeps,
  event: { id: number; provider: string; body: string; attempts: number },
): Promise<IngestOutcome> {
  const outcome = await reprocessParsed(deps, event);
  if (outcome.state !== 'ignored') deps.onOutcome?.(event.provider, outcome, 'retry');
  return outcome;
}

async function reprocessParsed(
  deps: IngestDeps,
  event: { id: number; provider: string; body: string; attempts: number },
): Promise<IngestOutcome> {
  const adapter = adapters[event.provider as ProviderAdapter['name']];
  let body: unknown;
  try {
    body = JSON.parse(event.body);
  } catch {
    return { state: 'ignored' };
  }
  const delivery = adapter?.parse(body);
  if (!delivery || delivery.kind !== 'report') return { state: 'ignored' };
  return processReport(deps, { eventId: event.id, attempts: Number(event.attempts) }, delivery);
}

/**
 * Deliveries to try again, oldest first, in bounded batches: by default failed ones and ones a
 * stopped process left `received` (see `dueInboxEvents`); after a route is added, the unrouted ones.
 */
export async function retryDueEvents(
  deps: IngestDeps,
  options: { states: ('failed' | 'unrouted')[]; maxAttempts: number },
): Promise<number> {
  const due = await dueInboxEvents(deps.store.db, {
    states: options.states,
    now: nowStored(),
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

/** A delivery still `received` after this long was interrupted (processing takes milliseconds). */
const STUCK_AFTER_MS = 2 * 60 * 1000;
