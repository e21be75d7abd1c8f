import { Type, type Static } from '@sinclair/typebox';
import { Id } from '../../shared/schemas.js';

const RouteTypeSchema = Type.Union([Type.Literal('clinic_key'), Type.Literal('phone_number_id'), Type.Literal('assistant_id')], {
  $id: 'ClinicRouteType',
  description:
    'clinic_key: the assistant’s `metadata.clinicId`; phone_number_id: the provider’s phone-number id; assistant_id: the provider’s assistant (agent) id.',
});

export const ClinicRoute = Type.Object(
  { id: Type.Integer(), clinic_id: Type.Integer(), type: Type.Ref(RouteTypeSchema), value: Type.String() },
  { $id: 'ClinicRoute', description: 'Calls carrying this identifier belong to this clinic.' },
);
export type ClinicRoute = Static<typeof ClinicRoute>;

export const ClinicRouteCreate = Type.Object(
  { type: Type.Ref(RouteTypeSchema), value: Type.String({ minLength: 1, maxLength: 255, pattern: '\\S' }) },
  { $id: 'ClinicRouteCreate', additionalProperties: false },
);
export type ClinicRouteCreate = Static<typeof ClinicRouteCreate>;

export const ClinicRouteParams = Type.Object({ clinic_id: Id, route_id: Id });

export const clinicRouteSchemas = [RouteTypeSchema, ClinicRoute, ClinicRouteCreate];
