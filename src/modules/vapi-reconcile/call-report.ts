import { firstIsoInstant } from '../webhooks/parsing/iso-datetime.js';
import { asExternalCallId } from '../webhooks/parsing/text-limits.js';
import { asObject, at, type JsonObject } from '../webhooks/parsing/untrusted-json.js';
import type { VapiCall } from './api-client.js';

/**
 * A Call object from `GET /call` rewritten as the `end-of-call-report` server message Vapi would
 * have posted for it, so the webhook's own adapter reads it: routing, normalisation, idempotency and
 * the inbox are the webhook's, not a copy. The Call carries the same fields the report does
 * (`analysis`, `artifact`, `startedAt`, `endedAt`, `endedReason`, `cost`, `customer`, `phoneNumberId`,
 * `assistantId`); the report lifts them to `message`, as Vapi does, and keeps the rest under `message.call`.
 */

/** Fields the report carries at `message` level; everything else of the Call stays under `message.call`. */
const LIFTED = [
  'analysis',
  'artifact',
  'messages',
  'costs',
  'costBreakdown',
  'transcript',
  'summary',
  'recordingUrl',
  'stereoRecordingUrl',
];
/** Configuration, not call data (prompts, tools); the adapter only needs the assistant's id and metadata. */
const CONFIGURATION = ['assistant', 'assistantOverrides', 'squad', 'squadOverrides', 'workflow', 'workflowOverrides'];

export type CallState =
  | { kind: 'ended'; externalCallId: string; endedAtMs: number }
  /** Vapi has not finished the call (or says nothing of when it ended): its webhook may still come. */
  | { kind: 'not-ended'; externalCallId: string }
  /** A call no report could be made of; the reason names the field. */
  | { kind: 'unusable'; externalCallId: string | null; reason: string };

/** Whether a report can be made of the call yet. The adapter would refuse one without an id or a start. */
export function callState(call: VapiCall): CallState {
  const externalCallId = asExternalCallId(call.id);
  if (externalCallId === undefined) return { kind: 'unusable', externalCallId: null, reason: 'no usable `id`' };
  if (call.status !== 'ended') return { kind: 'not-ended', externalCallId };
  // An ended call with no endedAt is dated by its last update, which is never earlier.
  const endedAtMs = firstIsoInstant(call.endedAt, call.updatedAt);
  if (endedAtMs === undefined) return { kind: 'not-ended', externalCallId };
  if (firstIsoInstant(call.startedAt, call.createdAt) === undefined) {
    return { kind: 'unusable', externalCallId, reason: 'no ISO-8601 `startedAt` or `createdAt`' };
  }
  return { kind: 'ended', externalCallId, endedAtMs };
}

/** The assistant id a call names without carrying the assistant itself (whose metadata then lives at Vapi). */
export function savedAssistantId(call: VapiCall): string | undefined {
  return asObject(call.assistant) === undefined && typeof call.assistantId === 'string' ? call.assistantId : undefined;
}

/**
 * The report for an ended call. `savedAssistant` is the assistant `GET /assistant/{id}` returned for
 * `savedAssistantId(call)`, if any.
 */
export function endOfCallReport(call: VapiCall, savedAssistant?: JsonObject | null): { message: JsonObject; source: string } {
  const hidden = new Set([...LIFTED, ...CONFIGURATION]);
  const callPart = Object.fromEntries(Object.entries(call).filter(([key]) => !hidden.has(key)));
  const lifted = Object.fromEntries(LIFTED.filter((key) => Object.hasOwn(call, key)).map((key) => [key, call[key]]));
  const message: JsonObject = {
    type: 'end-of-call-report',
    timestamp: firstIsoInstant(call.endedAt, call.updatedAt),
    ...lifted,
    startedAt: call.startedAt,
    endedAt: call.endedAt,
    endedReason: call.endedReason,
    cost: call.cost,
    customer: call.customer,
    assistant: assistantOf(call, savedAssistant ?? undefined),
    call: callPart,
  };
  // Says in the inbox where this report came from; the adapter reads only `message`.
  return { message, source: 'zenicall reconciler: GET /call' };
}

/**
 * What the webhook's `message.assistant` would say about routing: the assistant's id, and its
 * metadata (where a `clinicId` key lives) as the call ran it, i.e. with the call's overrides applied.
 */
function assistantOf(call: VapiCall, savedAssistant: JsonObject | undefined): JsonObject | undefined {
  const assistant = asObject(call.assistant) ?? savedAssistant;
  const id = at(assistant, 'id') ?? call.assistantId;
  const metadata = { ...asObject(at(assistant, 'metadata')), ...asObject(at(call, 'assistantOverrides', 'metadata')) };
  if (id === undefined && Object.keys(metadata).length === 0) return undefined;
  return { id, name: at(assistant, 'name'), metadata };
}
