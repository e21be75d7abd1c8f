import { Type, type Static } from '@sinclair/typebox';
import { outcomeLabels, priorityLabels } from '../../shared/labels.js';
import { DateTime, Nullable } from '../../shared/schemas.js';

export const PriorityLabel = Type.Union(
  priorityLabels.labels.map((label) => Type.Literal(label)),
  { $id: 'CallPriority', description: 'How soon the front desk should deal with the call: Urgent first.' },
);

export const OutcomeLabel = Type.Union(
  outcomeLabels.labels.map((label) => Type.Literal(label)),
  { $id: 'CallOutcome', description: 'How the call back ended.' },
);

export const Assignee = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String({ description: 'The user’s full name, or their e-mail when they have none.' }),
  },
  { $id: 'Assignee', description: 'A staff member.' },
);
export type Assignee = Static<typeof Assignee>;

/** The work-queue fields every call carries on the wire (list item, detail, live events). */
export const workFields = {
  assignee: Nullable(Type.Ref(Assignee)),
  priority: Type.Ref(PriorityLabel),
  callback_due_at: Nullable(DateTime({ description: 'When the clinic should call back (see the README’s due-time rule).' })),
  callback_attempts: Type.Integer({ minimum: 0 }),
  last_attempt_at: Nullable(DateTime()),
  outcome: Nullable(Type.Ref(OutcomeLabel)),
};

const Time = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: 'Local wall-clock time, HH:MM (24 h).',
  'x-error': 'must be a time HH:MM from 00:00 to 23:59',
});

export const TimeRange = Type.Object(
  { from: Time, to: Time },
  { $id: 'TimeRange', additionalProperties: false, description: 'From (inclusive) to (exclusive), the same day; from before to.' },
);

/** A weekday's opening hours; null: closed. */
const day = Nullable(Type.Ref(TimeRange));

/** The settings an administrator sets (work-queue/settings.ts names the same fields). */
export const WorkSettingsBody = Type.Object(
  {
    time_zone: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'The clinic’s IANA time zone, e.g. Europe/Paris.',
      examples: ['Europe/Paris'],
    }),
    opening_hours: Type.Object(
      { monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: day, sunday: day },
      { additionalProperties: false, description: 'Per weekday; null: closed.' },
    ),
    callback_windows: Type.Object(
      { morning: Type.Ref(TimeRange), afternoon: Type.Ref(TimeRange), evening: Type.Ref(TimeRange) },
      {
        additionalProperties: false,
        description: 'When Morning, Afternoon and Evening callers want their call back (Anytime is the opening hours).',
      },
    ),
    retry_minutes: Type.Integer({
      minimum: 1,
      maximum: 10080,
      description: 'After "No Answer" or "Left Voicemail", the next attempt is due this many minutes later.',
    }),
  },
  { $id: 'WorkSettingsUpdate', additionalProperties: false },
);
export type WorkSettingsBody = Static<typeof WorkSettingsBody>;

export const WorkSettingsView = Type.Object(
  {
    clinic_id: Type.Integer(),
    ...WorkSettingsBody.properties,
    updated_at: Nullable(DateTime({ description: 'When an administrator last changed them; null while the clinic has the defaults.' })),
  },
  { $id: 'WorkSettings' },
);
export type WorkSettingsView = Static<typeof WorkSettingsView>;

export const workQueueSchemas = [PriorityLabel, OutcomeLabel, Assignee, TimeRange, WorkSettingsBody, WorkSettingsView];
