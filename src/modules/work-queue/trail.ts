import type { CallLogRow } from '../../db/database.js';
import { toWireDateTime } from '../../shared/datetime.js';
import { callbackLabels, reasonLabels, statusLabels } from '../../shared/labels.js';

/** Who the trail names for what the voice provider reported: no person. */
export const VOICE_AGENT = 'Voice agent';

/**
 * Columns whose values the trail does not copy: the conversation and transcript are long, and the
 * recording URL is the provider's (never shown). A change to them is recorded as `{}`: that it changed.
 */
const NOT_COPIED = new Set(['full_conversation_json', 'raw_structured_data', 'transcript_text', 'audio_recording_url']);

/** A call column's stored value as the wire shows it (labels, booleans, `…Z` datetimes). */
function wireValue(field: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (field) {
    case 'status':
      return statusLabels.toLabel(value as CallLogRow['status']);
    case 'reason_for_call':
      return reasonLabels.toLabel(value as NonNullable<CallLogRow['reason_for_call']>);
    case 'callback_preference':
      return callbackLabels.toLabel(value as NonNullable<CallLogRow['callback_preference']>);
    case 'is_existing_patient':
      return Number(value) === 1;
    case 'cost':
      return Number(value);
    case 'call_started_at':
    case 'call_ended_at':
      return toWireDateTime(value as string);
    default:
      return typeof value === 'string' ? wellFormed(value) : value;
  }
}

/**
 * A lone surrogate (text a client sent that is not valid Unicode) as U+FFFD: the trail's JSON column is
 * checked with `json_valid`, which MariaDB fails on an escaped lone surrogate.
 */
const wellFormed = (text: string) => text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

export type FieldChanges = Record<string, { from?: unknown; to?: unknown }>;

/** `{ field: { from, to } }` for changed call columns, in wire form. */
export function callFieldChanges(before: object, after: object): FieldChanges {
  return Object.fromEntries(
    Object.entries(after).map(([field, to]) => [
      field,
      NOT_COPIED.has(field) ? {} : { from: wireValue(field, (before as Record<string, unknown>)[field]), to: wireValue(field, to) },
    ]),
  );
}
