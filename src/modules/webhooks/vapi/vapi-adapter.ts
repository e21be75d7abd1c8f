import { CALL_LOG_COLUMN_LIMITS } from '../../../db/database.js';
import { costColumn } from '../parsing/decimal.js';
import { callDurationSeconds, firstInstantNoting, parseIsoInstant, storedDateTime } from '../parsing/iso-datetime.js';
import { structuredDataColumns } from '../parsing/structured-data.js';
import { asExternalCallId, firstStorableUrl } from '../parsing/text-limits.js';
import { transcriptFromTurns } from '../parsing/transcript.js';
import {
  type JsonObject,
  asFiniteNumber,
  asNonBlankString,
  asNonEmptyObject,
  asObject,
  at,
  firstFiniteNumber,
  firstNonBlankString,
  jsonColumn,
} from '../parsing/untrusted-json.js';
import {
  type FieldWarning,
  type IngestedCall,
  type ParsedDelivery,
  type ProviderAdapter,
  redactCredentials,
  rejectedDelivery,
  routeCandidates,
} from '../provider.js';

/**
 * Vapi server messages (`{message: {...}}`). Only the end-of-call report becomes a call log; the
 * mapping follows the Vapi fixtures' README ("Mapping rules"). Paths below are relative to `message`.
 */

const END_OF_CALL_REPORT = 'end-of-call-report';
const MAX_CALL_ID_CHARS = CALL_LOG_COLUMN_LIMITS.external_call_id.chars;

/** Vapi's own transcript labels, reused when the transcript must be rebuilt from the message list. */
const SPEAKER_BY_ROLE = { bot: 'AI', assistant: 'AI', user: 'User' };

export const vapiAdapter: ProviderAdapter = {
  name: 'vapi',
  parse: parseVapiDelivery,
  redact: redactCredentials,
};

function parseVapiDelivery(body: unknown): ParsedDelivery {
  const message = asObject(at(body, 'message'));
  const messageType = at(message, 'type');
  if (message === undefined || typeof messageType !== 'string') {
    return rejectedDelivery('WEBHOOK_PAYLOAD_INVALID', 'The body must be a JSON object with a `message` object holding a string `type`.');
  }
  const callId = at(message, 'call', 'id');
  if (messageType !== END_OF_CALL_REPORT) {
    return { kind: 'ignored', messageType, externalCallId: typeof callId === 'string' ? callId : null };
  }
  const externalCallId = asExternalCallId(callId);
  if (externalCallId === undefined) {
    return rejectedDelivery(
      'WEBHOOK_CALL_ID_MISSING',
      `An end-of-call report needs \`message.call.id\`: a non-empty string of at most ${MAX_CALL_ID_CHARS} characters.`,
      messageType,
    );
  }
  const warnings: FieldWarning[] = [];
  const startedMs = firstInstantNoting(
    'call_started_at',
    [
      ['message.startedAt', at(message, 'startedAt')],
      ['message.call.startedAt', at(message, 'call', 'startedAt')],
      ['message.call.createdAt', at(message, 'call', 'createdAt')],
    ],
    parseIsoInstant,
    warnings,
  );
  if (startedMs === undefined) {
    return rejectedDelivery(
      'WEBHOOK_START_TIME_MISSING',
      'No ISO-8601 start time in `message.startedAt`, `message.call.startedAt` or `message.call.createdAt`.',
      messageType,
      externalCallId,
    );
  }
  // The clinic key we put in the assistant's metadata is explicit; the number dialled and the
  // assistant are registered identifiers, tried in that order.
  const routes = routeCandidates(
    ['clinic_key', at(message, 'assistant', 'metadata', 'clinicId')],
    ['phone_number_id', firstNonBlankString(at(message, 'phoneNumber', 'id'), at(message, 'call', 'phoneNumberId'))],
    ['assistant_id', firstNonBlankString(at(message, 'assistant', 'id'), at(message, 'call', 'assistantId'))],
  );
  const call = callLog(message, externalCallId, startedMs, warnings);
  return { kind: 'report', messageType, externalCallId, routes, call, warnings };
}

/** The call as reported; text and numbers are fitted to their columns later, with warnings (parsing/column-fit.ts). */
function callLog(message: JsonObject, externalCallId: string, startedMs: number, warnings: FieldWarning[]): IngestedCall {
  const artifact = at(message, 'artifact');
  const endedMs = firstInstantNoting(
    'call_ended_at',
    [
      ['message.endedAt', at(message, 'endedAt')],
      ['message.call.endedAt', at(message, 'call', 'endedAt')],
    ],
    parseIsoInstant,
    warnings,
  );
  const conversation = conversationMessages(message);
  const cost = firstFiniteNumber(at(message, 'cost'), at(message, 'call', 'cost'), at(message, 'costBreakdown', 'total'));
  const summary = firstNonBlankString(
    at(message, 'analysis', 'summary'),
    at(message, 'summary'),
    structuredOutputResult(message, isSummaryOutput),
  );
  const transcript =
    firstNonBlankString(at(artifact, 'transcript'), at(message, 'transcript')) ??
    transcriptFromTurns(conversation, 'message', SPEAKER_BY_ROLE);
  return {
    external_call_id: externalCallId,
    ...structuredDataColumns(structuredData(message), {
      names: [at(message, 'customer', 'name'), at(message, 'call', 'customer', 'name')],
      phones: [at(message, 'customer', 'number'), at(message, 'call', 'customer', 'number')],
    }),
    call_started_at: storedDateTime(startedMs),
    call_ended_at: endedMs === undefined ? null : storedDateTime(endedMs),
    call_duration_seconds: callDurationSeconds(reportedDurationSeconds(message), startedMs, endedMs),
    summary: summary ?? null,
    full_conversation_json: jsonColumn(conversation),
    transcript_text: transcript ?? null,
    // Mono before stereo. The presigned URLs expire within hours, so they are never read.
    audio_recording_url: firstStorableUrl(
      at(artifact, 'recording', 'mono', 'combinedUrl'),
      at(artifact, 'recordingUrl'),
      at(message, 'recordingUrl'),
      at(artifact, 'recording', 'stereoUrl'),
      at(artifact, 'stereoRecordingUrl'),
      at(message, 'stereoRecordingUrl'),
    ),
    cost: costColumn(cost),
    ended_reason: firstNonBlankString(at(message, 'endedReason'), at(message, 'call', 'endedReason')) ?? null,
  };
}

function reportedDurationSeconds(message: JsonObject): number | undefined {
  const milliseconds = asFiniteNumber(at(message, 'durationMs'));
  const seconds = asFiniteNumber(at(message, 'durationSeconds'));
  return seconds ?? (milliseconds === undefined ? undefined : milliseconds / 1000);
}

/** The conversation as Vapi recorded it, minus the system prompt (configuration, not conversation). */
function conversationMessages(message: JsonObject): unknown[] {
  const list = [at(message, 'artifact', 'messages'), at(message, 'messages')].find(Array.isArray) ?? [];
  return list.filter((item) => at(item, 'role') !== 'system');
}

/** `analysis.structuredData`, else the first structured output whose result is an object (newer assistants). */
function structuredData(message: JsonObject): JsonObject | undefined {
  return (
    asNonEmptyObject(at(message, 'analysis', 'structuredData')) ??
    asObject(structuredOutputResult(message, (output) => asObject(at(output, 'result')) !== undefined))
  );
}

function isSummaryOutput(output: unknown): boolean {
  const name = at(output, 'name');
  return typeof name === 'string' && name.toLowerCase().includes('summary') && asNonBlankString(at(output, 'result')) !== undefined;
}

/**
 * The `result` of the first `artifact.structuredOutputs` entry that `matches`. Vapi sends a map
 * keyed by output id; an array is read the same way.
 */
function structuredOutputResult(message: JsonObject, matches: (output: unknown) => boolean): unknown {
  const outputs = at(message, 'artifact', 'structuredOutputs');
  const entries = Array.isArray(outputs) ? outputs : Object.values(asObject(outputs) ?? {});
  return at(entries.find(matches), 'result');
}
