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
export type { Me } from '../../../src/modules/users/schemas.js';

import type { Static } from '@sinclair/typebox';
import type { CallLogListItem } from '../../../src/modules/call-logs/schemas.js';
import type { ErrorBody, ValidationErrorBody } from '../../../src/shared/schemas.js';

export type ErrorBodyJson = Static<typeof ErrorBody>;
export type ValidationErrorJson = Static<typeof ValidationErrorBody>;

export type ReasonLabel = NonNullable<CallLogListItem['reason_for_call']>;
export type CallbackLabel = NonNullable<CallLogListItem['callback_preference']>;

export type PriorityLabel = CallLogListItem['priority'];
