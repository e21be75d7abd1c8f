import type { CallbackLabel, ReasonLabel, StatusLabel } from './types.js';

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
