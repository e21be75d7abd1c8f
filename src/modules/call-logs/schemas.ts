import { Type, type Static } from '@sinclair/typebox';
import { CALL_LOG_COLUMN_LIMITS } from '../../db/database.js';
import { DateTime, Id, Nullable, pageOf, pagingQuery } from '../../shared/schemas.js';
import { callbackLabels, reasonLabels, statusLabels } from '../../shared/labels.js';
import { Clinic } from '../clinics/schemas.js';
import { OutcomeLabel, PriorityLabel, workFields } from '../work-queue/schemas.js';
import { priorityLabels } from '../../shared/labels.js';

const labelUnion = <L extends string>(labels: readonly L[], $id: string, description: string) =>
  Type.Union(
    labels.map((label) => Type.Literal(label)),
    { $id, description },
  );

export const StatusLabel = labelUnion(statusLabels.labels, 'CallStatus', 'Where the front desk is with this call.');
export const ReasonLabel = labelUnion(reasonLabels.labels, 'ReasonForCall', 'Why the caller called.');
export const CallbackLabel = labelUnion(callbackLabels.labels, 'CallbackPreference', 'When the caller wants a call back.');
export type StatusLabel = Static<typeof StatusLabel>;

const listFields = {
  id: Type.Integer(),
  external_call_id: Type.String(),
  caller_first_name: Nullable(Type.String()),
  caller_last_name: Nullable(Type.String()),
  caller_phone_number: Type.String(),
  call_started_at: DateTime(),
  reason_for_call: Nullable(Type.Ref(ReasonLabel)),
  status: Type.Ref(StatusLabel),
  is_existing_patient: Nullable(Type.Boolean()),
  callback_preference: Nullable(Type.Ref(CallbackLabel)),
  clinic: Type.Ref(Clinic),
  ...workFields,
  caller_call_count: Type.Integer({
    minimum: 1,
    description:
      'How many of the clinic’s calls come from this phone number (same digits), this one included: more than 1 is a repeat caller. A number with fewer than 3 digits is never matched (1).',
  }),
};

export const CallLogListItem = Type.Object(listFields, { $id: 'CallLogListItem' });
export type CallLogListItem = Static<typeof CallLogListItem>;

export const CallLogPage = pageOf(Type.Ref(CallLogListItem), {
  $id: 'CallLogPage',
  totalDescription: 'Calls matching the filters, over all pages.',
});
export type CallLogPage = Static<typeof CallLogPage>;

export const CallLogDetailView = Type.Object(
  {
    ...listFields,
    clinic_id: Type.Integer(),
    call_ended_at: Nullable(DateTime()),
    call_duration_seconds: Nullable(Type.Number({ description: 'Seconds, to the millisecond.' })),
    summary: Nullable(Type.String()),
    detailed_reason: Nullable(Type.String()),
    preferred_dentist: Nullable(Type.String()),
    audio_recording_url: Nullable(
      Type.String({
        description:
          'A playable link to the call’s recording on this server (signed for the user who asked, valid for ZENICALL_RECORDING_LINK_SECONDS, seekable), or null when the call has none. The voice provider’s own URL is never sent.',
      }),
    ),
    cost: Nullable(Type.Number({ description: 'What the call cost the clinic, in the voice provider’s currency.' })),
    ended_reason: Nullable(Type.String()),
    transcript_text: Nullable(Type.String()),
    full_conversation_json: Type.Unknown({ description: 'The conversation as the voice agent recorded it (parsed JSON), or null.' }),
    raw_structured_data: Type.Unknown({ description: 'What the voice agent extracted from the call (parsed JSON), or null.' }),
    created_at: Nullable(DateTime()),
    updated_at: Nullable(DateTime()),
  },
  { $id: 'CallLogDetailView' },
);
export type CallLogDetailView = Static<typeof CallLogDetailView>;

/** A TEXT column holds bytes; `maxBytes` is our Ajv keyword, since maxLength counts characters. */
const text = (column: 'summary' | 'detailed_reason') =>
  Nullable(Type.String({ maxLength: CALL_LOG_COLUMN_LIMITS[column].bytes, maxBytes: CALL_LOG_COLUMN_LIMITS[column].bytes }));
/** Ajv's maxLength counts code points, as VARCHAR does in utf8mb4. */
const varchar = (column: 'preferred_dentist' | 'caller_first_name' | 'caller_last_name') =>
  Nullable(Type.String({ maxLength: CALL_LOG_COLUMN_LIMITS[column].chars }));

export const CallLogUpdate = Type.Partial(
  Type.Object({
    status: Type.Ref(StatusLabel),
    summary: text('summary'),
    detailed_reason: text('detailed_reason'),
    reason_for_call: Nullable(Type.Ref(ReasonLabel)),
    callback_preference: Nullable(Type.Ref(CallbackLabel)),
    preferred_dentist: varchar('preferred_dentist'),
    caller_first_name: varchar('caller_first_name'),
    caller_last_name: varchar('caller_last_name'),
    is_existing_patient: Nullable(Type.Boolean()),
    assignee_id: Nullable(
      Type.Integer({
        minimum: 1,
        maximum: 2147483647,
        description: 'Assign the call to this user (one who works for the clinic, or an administrator); null: nobody.',
      }),
    ),
    priority: Type.Ref(PriorityLabel),
    outcome: Nullable(Type.Ref(OutcomeLabel)),
  }),
  { $id: 'CallLogUpdate', additionalProperties: false },
);
export type CallLogUpdate = Static<typeof CallLogUpdate>;

/** Status filter values: the labels or the storage names, in any case ("in_progress", "Done"). */
const anyCase = (word: string) =>
  [...word].map((c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toUpperCase()}${c.toLowerCase()}]`)).join('');
const StatusFilter = Type.String({
  pattern: `^(${[...statusLabels.labels, ...statusLabels.stored].map(anyCase).join('|')})$`,
  description: 'New, In Progress, Done or Archived',
  'x-error': 'must be New, In Progress, Done or Archived',
});

const ReasonFilter = Type.String({
  pattern: `^(${[...reasonLabels.labels, ...reasonLabels.stored].map(anyCase).join('|')})$`,
  description: 'New Appointment, Cancellation, Reschedule, General Message, Emergency or Other',
  'x-error': 'must be New Appointment, Cancellation, Reschedule, General Message, Emergency or Other',
});

const PriorityFilter = Type.String({
  pattern: `^(${priorityLabels.labels.map(anyCase).join('|')})$`,
  description: 'Urgent, High, Normal or Low',
  'x-error': 'must be Urgent, High, Normal or Low',
});

/** The filters the list and the per-status counts share. */
const callLogFilters = {
  search: Type.Optional(
    Type.String({
      maxLength: 200,
      // A control character is in no name, phone or summary; folded away, it used to match every call.
      // Tab and line breaks are only spaces between words.
      pattern: '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$',
      'x-error': 'must not contain control characters',
      description:
        'Words to find in the caller’s first or last name, phone or the summary; every word must match. Case and accents are ignored; 3+ digits match anywhere in the phone number.',
    }),
  ),
  'reason_for_call[]': Type.Optional(Type.Array(ReasonFilter)),
  reason_for_call: Type.Optional(Type.Array(ReasonFilter)),
  started_from: Type.Optional(DateTime({ description: 'Calls that started at or after this instant.' })),
  started_to: Type.Optional(DateTime({ description: 'Calls that started before this instant.' })),
  'status[]': Type.Optional(Type.Array(StatusFilter)),
  status: Type.Optional(Type.Array(StatusFilter)),
  assignee: Type.Optional(
    Type.String({
      pattern: '^(me|none|[1-9][0-9]{0,9})$',
      description: '`me`: calls assigned to the signed-in user; `none`: unassigned calls; a user id: that user’s calls.',
      'x-error': 'must be me, none or a user id',
    }),
  ),
  'priority[]': Type.Optional(Type.Array(PriorityFilter)),
  priority: Type.Optional(Type.Array(PriorityFilter)),
  due: Type.Optional(
    Type.String({
      pattern: '^(overdue|today)$',
      description:
        '`overdue`: open calls (New, In Progress) due before now; `today`: open calls due before the end of today in the clinic’s time zone (overdue ones included).',
      'x-error': 'must be overdue or today',
    }),
  ),
};

/** The list's filters; the counts are per status, so a status filter is checked the same way but does not narrow them. */
export const CallLogCountsQuery = Type.Object(callLogFilters);
export type CallLogCountsQuery = Static<typeof CallLogCountsQuery>;

export const CallLogListQuery = Type.Object({
  ...callLogFilters,
  sort: Type.String({
    pattern: '^(newest|due|priority)$',
    default: 'newest',
    description:
      '`newest`: calls newest first; `due`: due time, soonest first, calls without one last, then newest; `priority`: Urgent first, then as `due`.',
    'x-error': 'must be newest, due or priority',
  }),
  ...pagingQuery,
});
export type CallLogListQuery = Static<typeof CallLogListQuery>;

export const CallLogParams = Type.Object({ call_log_id: Id });

const count = (description?: string) => Type.Integer({ minimum: 0, ...(description ? { description } : {}) });

export const CallLogCounts = Type.Object(
  {
    ...(Object.fromEntries(statusLabels.labels.map((label) => [label, count()])) as Record<StatusLabel, ReturnType<typeof count>>),
    mine: count('Open calls (New, In Progress) assigned to the signed-in user.'),
    unassigned: count('Open calls assigned to nobody.'),
    urgent: count('Open Urgent calls.'),
    overdue: count('Open calls due before now.'),
    due_today: count('Open calls due before the end of today in the clinic’s time zone (overdue ones included).'),
  },
  {
    $id: 'CallLogCounts',
    description:
      'How many calls match the filters, per status (the list’s filters but status); and the work-queue views’ counts (open calls, with the list’s filters but status, assignee, priority and due).',
  },
);
export type CallLogCounts = Static<typeof CallLogCounts>;

export const callLogSchemas = [
  StatusLabel,
  ReasonLabel,
  CallbackLabel,
  CallLogListItem,
  CallLogPage,
  CallLogDetailView,
  CallLogUpdate,
  CallLogCounts,
];
