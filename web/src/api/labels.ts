import type { AttemptResult, CallbackLabel, OutcomeLabel, PriorityLabel, ReasonLabel, StatusLabel } from './types.js';

/**
 * The wire's labels as runtime lists (for chips, menus and buttons). `satisfies Record<…>` makes the
 * compiler fail when the server's schema gains or loses a label, so these never drift from it.
 */
const keysOf = <K extends string>(record: Record<K, true>) => Object.keys(record) as K[];

/** In the order the front desk works a call. */
export const STATUS_LABELS = keysOf({
  New: true,
  'In Progress': true,
  Done: true,
  Archived: true,
} satisfies Record<StatusLabel, true>);

/** Emergency first: it is the one the front desk looks for. */
export const REASON_LABELS = keysOf({
  Emergency: true,
  'New Appointment': true,
  Reschedule: true,
  Cancellation: true,
  'General Message': true,
  Other: true,
} satisfies Record<ReasonLabel, true>);

export const CALLBACK_LABELS = keysOf({
  Morning: true,
  Afternoon: true,
  Evening: true,
  Anytime: true,
} satisfies Record<CallbackLabel, true>);

/** The list starts on the calls still to work (see CLARIFICATIONS: "The dashboard"). */
export const DEFAULT_STATUSES: StatusLabel[] = ['New', 'In Progress'];

/** Most urgent first, as the menu lists them. */
export const PRIORITY_LABELS = keysOf({
  Urgent: true,
  High: true,
  Normal: true,
  Low: true,
} satisfies Record<PriorityLabel, true>);

/** How a call ended, in the order the front desk picks them most. */
export const OUTCOME_LABELS = keysOf({
  Booked: true,
  Rescheduled: true,
  Cancelled: true,
  Answered: true,
  'No Action Needed': true,
  Unreachable: true,
} satisfies Record<OutcomeLabel, true>);

export const ATTEMPT_RESULTS = keysOf({
  Reached: true,
  'No Answer': true,
  'Left Voicemail': true,
  'Wrong Number': true,
} satisfies Record<AttemptResult, true>);
