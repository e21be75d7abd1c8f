/**
 * The page's API types, taken from the server's own TypeBox schemas (type-only imports: nothing
 * from the server is bundled). Only names derived from those types are declared here.
 */
export type { AccessToken, LoginRequest } from '../../../src/modules/auth/schemas.js';
export type {
  CallLogCounts,
  CallLogCountsQuery,
  CallLogDetailView,
  CallLogListItem,
  CallLogListQuery,
  CallLogPage,
  CallLogUpdate,
  StatusLabel,
} from '../../../src/modules/call-logs/schemas.js';
export type { Clinic } from '../../../src/modules/clinics/schemas.js';
export type { ClinicUsers, Me } from '../../../src/modules/users/schemas.js';
export type { ActivityAction, ActivityEntry, ActivityPage, UserRef } from '../../../src/modules/activity/schemas.js';
export type { Note, NotePage } from '../../../src/modules/notes/schemas.js';

import type { Static } from '@sinclair/typebox';
import type { CallLogDetailView, CallLogListItem } from '../../../src/modules/call-logs/schemas.js';
import type { ErrorBody, ValidationErrorBody } from '../../../src/shared/schemas.js';
import type { UserRef } from '../../../src/modules/activity/schemas.js';

export type ErrorBodyJson = Static<typeof ErrorBody>;
export type ValidationErrorJson = Static<typeof ValidationErrorBody>;

export type ReasonLabel = NonNullable<CallLogListItem['reason_for_call']>;
export type CallbackLabel = NonNullable<CallLogListItem['callback_preference']>;

// ---- Working a call: the front desk's work state, notes, attempts and trail ---------------------
// Written from the agreed wire contract while the server's schemas for them are being merged.

export type PriorityLabel = 'Urgent' | 'High' | 'Normal' | 'Low';
export type OutcomeLabel = 'Booked' | 'Rescheduled' | 'Cancelled' | 'Answered' | 'No Action Needed' | 'Unreachable';
export type AttemptResult = 'Reached' | 'No Answer' | 'Left Voicemail' | 'Wrong Number';
/** What every call carries besides the seed's fields (list item, detail and live events). */
export interface CallWorkState {
  assignee: UserRef | null;
  priority: PriorityLabel;
  callback_due_at: string | null;
  callback_attempts: number;
  last_attempt_at: string | null;
  outcome: OutcomeLabel | null;
}
export type CallDetail = CallLogDetailView & CallWorkState;
export type CallListItemWithWork = CallLogListItem & CallWorkState;

export interface WorkUpdate {
  assignee_id?: number | null;
  priority?: PriorityLabel;
  outcome?: OutcomeLabel | null;
}

export type CallerHistoryPage = { items: CallListItemWithWork[]; total: number; page: number; limit: number; pages: number };
