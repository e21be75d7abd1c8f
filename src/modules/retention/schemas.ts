import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Nullable } from '../../shared/schemas.js';

const RetentionDays = Nullable(
  Type.Integer({
    minimum: 1,
    maximum: 3650,
    description:
      'Calls that started more than this many days ago lose their transcript, conversation and recording link (the call and its trail stay); null keeps them forever.',
    'x-error': 'must be a whole number of days from 1 to 3650, or null',
  }),
);

export const RetentionSetting = Type.Object(
  {
    clinic_id: Type.Integer(),
    retention_days: RetentionDays,
    /** When an administrator last changed it; null while the clinic has the default (keep forever). */
    updated_at: Nullable(DateTime()),
  },
  { $id: 'RetentionSetting' },
);
export type RetentionSetting = Static<typeof RetentionSetting>;

export const RetentionUpdate = Type.Object({ retention_days: RetentionDays }, { $id: 'RetentionUpdate', additionalProperties: false });
export type RetentionUpdate = Static<typeof RetentionUpdate>;

export const retentionSchemas = [RetentionSetting, RetentionUpdate];
