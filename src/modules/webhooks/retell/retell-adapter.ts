import type { Retell } from 'retell-sdk';
import { CALL_LOG_COLUMN_LIMITS } from '../../../db/database.js';
import { costColumn } from '../parsing/decimal.js';
import { callDurationSeconds, epochMsInstant, firstInstantNoting, storedDateTime } from '../parsing/iso-datetime.js';
import { structuredDataColumns } from '../parsing/structured-data.js';
import { asExternalCallId, firstStorableUrl } from '../parsing/text-limits.js';
import { transcriptFromTurns } from '../parsing/transcript.js';
import {
  type JsonObject,
  asFiniteNumber,
  asNonEmptyObject,
  asObject,
  at,
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
 * Retell AI webhooks (`{event, call}`). Only `call_analyzed` becomes a call log: it carries the
 * finished call plus the post-call analysis, whose `custom_analysis_data` plays the role of Vapi's
 * structured data. Field names are checked against the `retell-sdk` types.
 */

type RetellEvent = NonNullable<Retell.AgentResponse['webhook_events']>[number];
const CALL_ANALYZED: RetellEvent = 'call_analyzed';
const MAX_CALL_ID_CHARS = CALL_LOG_COLUMN_LIMITS.external_call_id.chars;

/** `at` limited to one SDK shape's field names, so a typo or an SDK rename fails type-checking. */
const fieldsOf =
  <Shape>() =>
  (value: unknown, key: keyof Shape & string): unknown =>
    at(value, key);
// Web calls share every field read here; only phone calls have the two numbers.
const callField = fieldsOf<Retell.PhoneCallResponse>();
const analysisField = fieldsOf<Retell.PhoneCallResponse.CallAnalysis>();
const costField = fieldsOf<Retell.PhoneCallResponse.CallCost>();

const UTTERANCE_TEXT: keyof Retell.PhoneCallResponse.TranscriptObject = 'content';
/** Retell's own transcript labels, reused when the transcript must be rebuilt from `transcript_object`. */
const SPEAKER_BY_ROLE = { agent: 'Agent', user: 'User' } satisfies Partial<
  Record<Retell.PhoneCallResponse.TranscriptObject['role'], string>
>;

export const retellAdapter: ProviderAdapter = {
  name: 'retell',
  parse: parseRetellDelivery,
  redact: redactCredentials,
};

function parseRetellDelivery(body: unknown): ParsedDelivery {
  const event = at(body, 'event');
  if (typeof event !== 'string') {
    return rejectedDelivery('WEBHOOK_PAYLOAD_INVALID', 'The body must be a JSON object with a string `event`.');
  }
  const call = asObject(at(body, 'call'));
  const callId = callField(call, 'call_id');
  if (event !== CALL_ANALYZED) {
    return { kind: 'ignored', messageType: event, externalCallId: typeof callId === 'string' ? callId : null };
  }
  const externalCallId = asExternalCallId(callId);
  if (call === undefined || externalCallId === undefined) {
    return rejectedDelivery(
      'WEBHOOK_CALL_ID_MISSING',
      `A call_analyzed event needs \`call.call_id\`: a non-empty string of at most ${MAX_CALL_ID_CHARS} characters.`,
      event,
    );
  }
  const startedMs = epochMsInstant(callField(call, 'start_timestamp'));
  if (startedMs === undefined) {
    return rejectedDelivery(
      'WEBHOOK_START_TIME_MISSING',
      '`call.start_timestamp` must be a millisecond epoch timestamp.',
      event,
      externalCallId,
    );
  }
  const metadata = callField(call, 'metadata');
  // Every Retell call (web calls too) has an agent, and an agent is built for one clinic, so it
  // comes before the number. Retell has no phone-number id: the clinic's E.164 number itself is
  // the identifier it registers, so it is routed as `phone_number_id`.
  const routes = routeCandidates(
    ['clinic_key', firstNonBlankString(at(metadata, 'clinicId'), at(metadata, 'clinic_id'))],
    ['assistant_id', callField(call, 'agent_id')],
    ['phone_number_id', numbers(call).clinic],
  );
  const warnings: FieldWarning[] = [];
  return { kind: 'report', messageType: event, externalCallId, routes, call: callLog(call, externalCallId, startedMs, warnings), warnings };
}

/** Which side of the call is the clinic's line depends on who dialled. */
function numbers(call: JsonObject): { clinic: unknown; caller: unknown } {
  const from = callField(call, 'from_number');
  const to = callField(call, 'to_number');
  return callField(call, 'direction') === 'outbound' ? { clinic: from, caller: to } : { clinic: to, caller: from };
}

/** The call as reported; text and numbers are fitted to their columns later, with warnings (parsing/column-fit.ts). */
function callLog(call: JsonObject, externalCallId: string, startedMs: number, warnings: FieldWarning[]): IngestedCall {
  const analysis = callField(call, 'call_analysis');
  const endedMs = firstInstantNoting('call_ended_at', [['call.end_timestamp', callField(call, 'end_timestamp')]], epochMsInstant, warnings);
  const durationMs = asFiniteNumber(callField(call, 'duration_ms'));
  const reportedSeconds = durationMs === undefined ? undefined : durationMs / 1000;
  const turns = callField(call, 'transcript_object');
  const conversation = Array.isArray(turns) ? turns : [];
  const centsCost = asFiniteNumber(costField(callField(call, 'call_cost'), 'combined_cost'));
  const transcript =
    firstNonBlankString(callField(call, 'transcript')) ?? transcriptFromTurns(conversation, UTTERANCE_TEXT, SPEAKER_BY_ROLE);
  return {
    external_call_id: externalCallId,
    ...structuredDataColumns(asNonEmptyObject(analysisField(analysis, 'custom_analysis_data')), {
      names: [], // Retell reports no caller name of its own.
      phones: [numbers(call).caller],
    }),
    call_started_at: storedDateTime(startedMs),
    call_ended_at: endedMs === undefined ? null : storedDateTime(endedMs),
    call_duration_seconds: callDurationSeconds(reportedSeconds, startedMs, endedMs),
    summary: firstNonBlankString(analysisField(analysis, 'call_summary')) ?? null,
    full_conversation_json: jsonColumn(conversation),
    transcript_text: transcript ?? null,
    audio_recording_url: firstStorableUrl(callField(call, 'recording_url'), callField(call, 'recording_multi_channel_url')),
    // Retell bills in cents; shifting the decimal point avoids a lossy float division.
    cost: costColumn(centsCost, -2),
    ended_reason: firstNonBlankString(callField(call, 'disconnection_reason')) ?? null,
  };
}
