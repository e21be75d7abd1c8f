/**
 * The page's API types, taken from the server's own TypeBox schemas (type-only imports: nothing
 * from the server is bundled). Only names derived from those types are declared here.
 */
export type { AccessToken, LoginRequest } from '../../../src/modules/auth/schemas.js';
export type {
  CallLogCountsQuery,
  CallLogDetailView,
  CallLogListQuery,
  CallLogUpdate,
  StatusLabel,
} from '../../../src/modules/call-logs/schemas.js';
export type { Clinic } from '../../../src/modules/clinics/schemas.js';
export type { ClinicUsers, Me } from '../../../src/modules/users/schemas.js';
export type { ActivityAction, ActivityEntry, ActivityPage, UserRef } from '../../../src/modules/activity/schemas.js';
export type { Note, NotePage } from '../../../src/modules/notes/schemas.js';

import type { Static } from '@sinclair/typebox';
import type {
  CallLogCounts as ServerCounts,
  CallLogDetailView,
  CallLogListItem as ServerListItem,
  CallLogPage as ServerPage,
} from '../../../src/modules/call-logs/schemas.js';
import type { ErrorBody, ValidationErrorBody } from '../../../src/shared/schemas.js';
import type { CallbackAttemptCreate } from '../../../src/modules/callback-attempts/schemas.js';

export type ErrorBodyJson = Static<typeof ErrorBody>;
export type ValidationErrorJson = Static<typeof ValidationErrorBody>;

export type ReasonLabel = NonNullable<CallLogListItem['reason_for_call']>;
export type CallbackLabel = NonNullable<CallLogListItem['callback_preference']>;

// ---- The work queue ---------------------------------------------------------------------------

export type PriorityLabel = CallLogDetailView['priority'];
export type OutcomeLabel = NonNullable<CallLogDetailView['outcome']>;
export type AttemptResult = CallbackAttemptCreate['result'];

/** What the work queue adds to every call (list item, detail and live events). */
type CallWorkState = Pick<
  CallLogDetailView,
  'assignee' | 'priority' | 'callback_due_at' | 'callback_attempts' | 'last_attempt_at' | 'outcome'
>;
/**
 * Optional in the list: an event replayed from before an upgrade leaves them out, and the list
 * shows the call without them.
 */
export type CallLogListItem = Omit<ServerListItem, keyof CallWorkState> & Partial<CallWorkState>;
export type CallLogPage = Omit<ServerPage, 'items'> & { items: CallLogListItem[] };

/** The open calls (New, In Progress) of each work-queue view, under the same search and filters as the chips. */
interface QueueCounts {
  mine: number;
  unassigned: number;
  urgent: number;
  overdue: number;
  due_today: number;
}
export type CallLogCounts = ServerCounts & Partial<QueueCounts>;
