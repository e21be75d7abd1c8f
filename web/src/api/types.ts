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
export type { Me } from '../../../src/modules/users/schemas.js';

import type { Static } from '@sinclair/typebox';
import type {
  CallLogCounts as ServerCounts,
  CallLogListItem as ServerListItem,
  CallLogPage as ServerPage,
} from '../../../src/modules/call-logs/schemas.js';
import type { ErrorBody, ValidationErrorBody } from '../../../src/shared/schemas.js';

export type ErrorBodyJson = Static<typeof ErrorBody>;
export type ValidationErrorJson = Static<typeof ValidationErrorBody>;

export type ReasonLabel = NonNullable<CallLogListItem['reason_for_call']>;
export type CallbackLabel = NonNullable<CallLogListItem['callback_preference']>;

// ---- The work queue ---------------------------------------------------------------------------

export type PriorityLabel = 'Urgent' | 'High' | 'Normal' | 'Low';

/**
 * What the work queue adds to every call. Optional here: a server that predates a field (or an event
 * replayed from before an upgrade) leaves it out, and the list shows the call without it
 * (`caller_call_count` missing means a first call).
 */
interface QueueFields {
  assignee: { id: number; name: string } | null;
  priority: PriorityLabel;
  callback_due_at: string | null;
  callback_attempts: number;
  last_attempt_at: string | null;
  caller_call_count: number;
}
export type CallLogListItem = ServerListItem & Partial<QueueFields>;
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
