import { Type, type Static } from '@sinclair/typebox';
import { Id } from '../../shared/schemas.js';
import { Clinic } from '../clinics/schemas.js';

const Role = Type.Union([Type.Literal('admin'), Type.Literal('staff')], { $id: 'UserRole' });

export const UserCreate = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 255 }),
    password: Type.String({ minLength: 8, maxLength: 200 }),
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

export const userSchemas = [Role, UserCreate, User, Me];
