import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Id, Nullable, pageOf, pagingQuery } from '../../shared/schemas.js';
import { Assignee } from '../work-queue/schemas.js';

/** A person as the trail and the notes name them: the same shape as a call's assignee, the name they had when they acted. */
export const UserRef = Assignee;
export type UserRef = Assignee;

/**
 * What the trail records. `retention_purged` is Zenicall's own (a clinic's retention period cleared
 * the call's content); every other kind is done by a person or the voice provider.
 */
export const ACTIVITY_ACTIONS = [
  'created',
  'provider_update',
  'viewed',
  'status_changed',
  'assigned',
  'priority_changed',
  'summary_edited',
  'outcome_set',
  'note_added',
  'callback_attempt',
  'recording_played',
  'retention_purged',
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

const actionUnion = (options: { $id?: string; description: string }) =>
  Type.Union(
    ACTIVITY_ACTIONS.map((action) => Type.Literal(action)),
    options,
  );
export const ActivityActionName = actionUnion({ $id: 'ActivityAction', description: 'What happened.' });

export const ActivityEntry = Type.Object(
  {
    id: Type.Integer(),
    call_log_id: Type.Integer(),
    at: DateTime(),
    actor: Nullable(Type.Ref(UserRef, { description: 'Who did it; null for the voice provider or Zenicall itself.' })),
    action: Type.Ref(ActivityActionName),
    changes: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description:
          'What changed, as `{ field: { from, to } }` with the values as the API shows them (a `callback_attempt` also has `result`); absent when the action changes nothing (a view, a play).',
      }),
    ),
  },
  { $id: 'ActivityEntry' },
);
export type ActivityEntry = Static<typeof ActivityEntry>;

export const ActivityPage = pageOf(Type.Ref(ActivityEntry), { $id: 'ActivityPage', totalDescription: 'Entries matching, over all pages.' });
export type ActivityPage = Static<typeof ActivityPage>;

export const ActivityQuery = Type.Object(pagingQuery);
export type ActivityQuery = Static<typeof ActivityQuery>;

export const ClinicActivityQuery = Type.Object({
  user_id: Type.Optional(Id),
  // Inline rather than a $ref: a query parameter is documented by its own schema.
  action: Type.Optional(actionUnion({ description: 'Only entries of this kind.' })),
  from: Type.Optional(DateTime({ description: 'Entries at or after this instant.' })),
  to: Type.Optional(DateTime({ description: 'Entries before this instant.' })),
  ...pagingQuery,
});
export type ClinicActivityQuery = Static<typeof ClinicActivityQuery>;

export const activitySchemas = [ActivityActionName, ActivityEntry, ActivityPage];
