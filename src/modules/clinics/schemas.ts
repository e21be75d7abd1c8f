import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Id, Nullable } from '../../shared/schemas.js';

export const Clinic = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    created_at: Nullable(DateTime()),
    updated_at: Nullable(DateTime()),
  },
  { $id: 'Clinic' },
);
export type Clinic = Static<typeof Clinic>;

export const ClinicCreate = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 255, pattern: '\\S' }) },
  { $id: 'ClinicCreate', additionalProperties: false },
);
export type ClinicCreate = Static<typeof ClinicCreate>;

export const ClinicParams = Type.Object({ clinic_id: Id });

export const clinicSchemas = [Clinic, ClinicCreate];
