import { PRIORITY_RANKS, type CallLogRow, type CallOutcome, type PriorityRank } from '../../db/database.js';
import { toWireDateTime } from '../../shared/datetime.js';
import { callbackLabels, outcomeLabels, priorityLabels, reasonLabels, statusLabels } from '../../shared/labels.js';
import type { Clinic } from '../clinics/schemas.js';
import { CallLogListItem } from './schemas.js';
import { storedJsonOrNull, type CallLogDetail } from './detail-serializer.js';

/**
 * The one place where storage meets the wire: enum names become labels, UTC text becomes ISO `…Z`,
 * tinyint becomes boolean, DECIMAL text becomes a number; JSON text stays text (see detail-serializer.ts).
 * Rows come from the repository in one form on both databases (src/db/column-forms.ts).
 */

export const LIST_COLUMNS = [
  'id',
  'clinic_id',
  'external_call_id',
  'caller_first_name',
  'caller_last_name',
  'caller_phone_number',
  'call_started_at',
  'reason_for_call',
  'status',
  'is_existing_patient',
  'callback_preference',
] as const satisfies readonly (keyof CallLogRow)[];

/**
 * A call's work state as the list and the detail read it: `call_log_work` (joined as `w`) with the
 * assignee's name. Left-joined: a call another program inserted with the triggers off has no work row
 * until `zenicall reconcile`, and shows as Normal and unassigned meanwhile.
 */
export interface WorkColumns {
  assignee_user_id: number | null;
  assignee_name: string | null;
  priority: PriorityRank | null;
  callback_due_at: string | null;
  callback_attempts: number | null;
  last_attempt_at: string | null;
  outcome: CallOutcome | null;
}

/** The work state of a call nobody has touched yet. */
export const FRESH_WORK: WorkColumns = {
  assignee_user_id: null,
  assignee_name: null,
  priority: PRIORITY_RANKS.NORMAL,
  callback_due_at: null,
  callback_attempts: 0,
  last_attempt_at: null,
  outcome: null,
};

export type CallLogListRow = Pick<CallLogRow, (typeof LIST_COLUMNS)[number]> & WorkColumns;
export type CallLogDetailRow = CallLogRow & WorkColumns;

/** Every column but the FLOAT duration, which the repository reads as DOUBLE. */
export const DETAIL_COLUMNS = [
  ...LIST_COLUMNS,
  'call_ended_at',
  'summary',
  'detailed_reason',
  'preferred_dentist',
  'full_conversation_json',
  'raw_structured_data',
  'transcript_text',
  'audio_recording_url',
  'cost',
  'ended_reason',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof CallLogRow)[];

const dateOrNull = (value: string | null) => (value ? toWireDateTime(value) : null);
const booleanOrNull = (value: number | null) => (value === null ? null : Number(value) === 1);

/** `callerCallCount`: the clinic's calls from the same number, this one included (caller-history/repository.ts). */
export function toCallLogListItem(row: CallLogListRow, clinic: Clinic, callerCallCount: number): CallLogListItem {
  return {
    id: row.id,
    external_call_id: row.external_call_id,
    caller_first_name: row.caller_first_name,
    caller_last_name: row.caller_last_name,
    caller_phone_number: row.caller_phone_number,
    call_started_at: toWireDateTime(row.call_started_at),
    reason_for_call: row.reason_for_call ? reasonLabels.toLabel(row.reason_for_call) : null,
    status: statusLabels.toLabel(row.status),
    is_existing_patient: booleanOrNull(row.is_existing_patient),
    callback_preference: row.callback_preference ? callbackLabels.toLabel(row.callback_preference) : null,
    clinic,
    assignee: row.assignee_user_id === null ? null : { id: row.assignee_user_id, name: row.assignee_name ?? '' },
    priority: priorityLabels.toLabel(row.priority === null ? PRIORITY_RANKS.NORMAL : (Number(row.priority) as PriorityRank)),
    callback_due_at: dateOrNull(row.callback_due_at),
    callback_attempts: Number(row.callback_attempts ?? 0),
    last_attempt_at: dateOrNull(row.last_attempt_at),
    outcome: row.outcome ? outcomeLabels.toLabel(row.outcome) : null,
    caller_call_count: callerCallCount,
  };
}

/**
 * The link the detail carries for a call's recording: a signed link on our origin for the user asking
 * (recordings/links.ts). The provider's URL stays in the database; no detail can be built without this.
 */
export type RecordingLinkFor = (callLogId: number) => string;

export function toCallLogDetailView(
  row: CallLogDetailRow,
  clinic: Clinic,
  recordingLinkFor: RecordingLinkFor,
  callerCallCount: number,
): CallLogDetail {
  // Object.assign onto the list item, not `{ ...listItem, … }`: V8 built this object from a spread
  // about fifty times slower (19 µs against 0.4 µs a call, a tenth of a detail request).
  return Object.assign(toCallLogListItem(row, clinic, callerCallCount), {
    clinic_id: row.clinic_id,
    call_ended_at: dateOrNull(row.call_ended_at),
    call_duration_seconds: row.call_duration_seconds,
    summary: row.summary,
    detailed_reason: row.detailed_reason,
    preferred_dentist: row.preferred_dentist,
    audio_recording_url: row.audio_recording_url ? recordingLinkFor(row.id) : null,
    cost: row.cost === null ? null : Number(row.cost),
    ended_reason: row.ended_reason,
    transcript_text: row.transcript_text,
    full_conversation_json: storedJsonOrNull(row.full_conversation_json),
    raw_structured_data: storedJsonOrNull(row.raw_structured_data),
    created_at: dateOrNull(row.created_at),
    updated_at: dateOrNull(row.updated_at),
  });
}
