import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Id, Nullable } from '../../shared/schemas.js';
import { UserRef } from '../activity/schemas.js';
import { Clinic } from '../clinics/schemas.js';

const Role = Type.Union([Type.Literal('admin'), Type.Literal('staff')], { $id: 'UserRole' });

/** What a new password must be, wherever one is chosen. */
export const Password = Type.String({ minLength: 8, maxLength: 200 });

export const UserCreate = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 255 }),
    password: Password,
    full_name: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
    role: Type.Ref(Role),
    clinic_ids: Type.Array(Id, { uniqueItems: true, default: [] }),
  },
  { $id: 'UserCreate', additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreate>;

export const User = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String(),
    full_name: Type.Union([Type.String(), Type.Null()]),
    role: Type.Ref(Role),
    clinic_ids: Type.Array(Type.Integer()),
    disabled_at: Nullable(DateTime({ description: 'When an administrator disabled the account; null while it may sign in.' })),
  },
  { $id: 'User' },
);
export type User = Static<typeof User>;

export const Me = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String(),
    full_name: Type.Union([Type.String(), Type.Null()]),
    role: Type.Ref(Role),
    clinics: Type.Array(Type.Ref(Clinic)),
  },
  { $id: 'Me' },
);
export type Me = Static<typeof Me>;

export const PasswordReset = Type.Object(
  { password: Password },
  { $id: 'PasswordReset', additionalProperties: false, description: 'A new password, set by an administrator.' },
);
export type PasswordReset = Static<typeof PasswordReset>;

export const ClinicUsers = Type.Object(
  { items: Type.Array(Type.Ref(UserRef)) },
  {
    $id: 'ClinicUsers',
    description: 'The people a call of the clinic can be assigned to: its staff and the administrators, active accounts only, by id.',
  },
);
export type ClinicUsers = Static<typeof ClinicUsers>;

export const UserParams = Type.Object({ user_id: Id });
export const MembershipParams = Type.Object({ user_id: Id, clinic_id: Id });

export const userSchemas = [Role, UserCreate, User, Me, PasswordReset, ClinicUsers];
