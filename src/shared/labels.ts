import type { CallOutcome, CallReason, CallStatus, CallbackPreference, PriorityRank } from '../db/database.js';

/** Storage enum ↔ the label people read on the wire, both ways, for the three enum columns (the Record type makes each table cover its whole enum). */
function labelTable<Stored extends string, Label extends string>(labels: Record<Stored, Label>) {
  const stored = Object.keys(labels) as Stored[];
  const wire = Object.values<Label>(labels);
  const fromLabel = new Map<string, Stored>(stored.map((s) => [labels[s], s]));
  return {
    labels: wire,
    toLabel: (value: Stored): Label => labels[value],
    fromLabel: (label: Label): Stored => fromLabel.get(label) as Stored,
    stored,
  };
}

export const statusLabels = labelTable<CallStatus, 'New' | 'In Progress' | 'Done' | 'Archived'>({
  NEW: 'New',
  IN_PROGRESS: 'In Progress',
  DONE: 'Done',
  ARCHIVED: 'Archived',
});

export const reasonLabels = labelTable<
  CallReason,
  'New Appointment' | 'Cancellation' | 'Reschedule' | 'General Message' | 'Emergency' | 'Other'
>({
  NEW_APPOINTMENT: 'New Appointment',
  CANCELLATION: 'Cancellation',
  RESCHEDULE: 'Reschedule',
  GENERAL_MESSAGE: 'General Message',
  EMERGENCY: 'Emergency',
  OTHER: 'Other',
});

export const callbackLabels = labelTable<CallbackPreference, 'Morning' | 'Afternoon' | 'Evening' | 'Anytime'>({
  MORNING: 'Morning',
  AFTERNOON: 'Afternoon',
  EVENING: 'Evening',
  ANYTIME: 'Anytime',
});

export const outcomeLabels = labelTable<
  CallOutcome,
  'Booked' | 'Rescheduled' | 'Cancelled' | 'Answered' | 'No Action Needed' | 'Unreachable'
>({
  BOOKED: 'Booked',
  RESCHEDULED: 'Rescheduled',
  CANCELLED: 'Cancelled',
  ANSWERED: 'Answered',
  NO_ACTION_NEEDED: 'No Action Needed',
  UNREACHABLE: 'Unreachable',
});

const PRIORITY_LABELS = ['Urgent', 'High', 'Normal', 'Low'] as const;
export type PriorityLabel = (typeof PRIORITY_LABELS)[number];

/** Priorities are stored as their rank (1 = Urgent … 4 = Low), so "most urgent first" is an index order. */
export const priorityLabels = {
  labels: [...PRIORITY_LABELS],
  toLabel: (rank: PriorityRank): PriorityLabel => PRIORITY_LABELS[rank - 1]!,
  fromLabel: (label: PriorityLabel): PriorityRank => (PRIORITY_LABELS.indexOf(label) + 1) as PriorityRank,
};
