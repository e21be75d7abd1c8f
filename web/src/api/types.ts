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
import type { CallbackAttemptCreate } from '../../../src/modules/callback-attempts/schemas.js';
import type { CallLogDetailView, CallLogListItem } from '../../../src/modules/call-logs/schemas.js';
import type { ErrorBody, ValidationErrorBody } from '../../../src/shared/schemas.js';

export type ErrorBodyJson = Static<typeof ErrorBody>;
export type ValidationErrorJson = Static<typeof ValidationErrorBody>;

export type ReasonLabel = NonNullable<CallLogListItem['reason_for_call']>;
export type CallbackLabel = NonNullable<CallLogListItem['callback_preference']>;

export type PriorityLabel = CallLogListItem['priority'];
export type OutcomeLabel = NonNullable<CallLogDetailView['outcome']>;
export type AttemptResult = CallbackAttemptCreate['result'];
