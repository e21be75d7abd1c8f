import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../shared/schemas.js';
import { ClinicParams } from '../clinics/schemas.js';
import { ClinicUsers, MembershipParams, PasswordReset, User, UserCreate, UserParams } from './schemas.js';
import {
  createUser,
  disableUser,
  enableUser,
  listAssignableUsers,
  removeUserFromClinic,
  resetPassword,
  type AccountStore,
} from './service.js';

export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const store: AccountStore = { db: app.db, sessions: app.sessions };

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Add a staff member or administrator (administrators)',
        body: Type.Ref(UserCreate),
        response: { 201: Type.Ref(User), ...errorResponses('notAuthenticated', 'forbidden', 'emailTaken', 'validation') },
      },
    },
    async (request, reply) => reply.status(201).send(await createUser(app.db, request.principal, request.body)),
  );

  app.get(
    '/clinics/:clinic_id/users',
    {
      schema: {
        tags: ['users'],
        summary: 'The people a call of this clinic can be assigned to: its staff and the administrators (active accounts)',
        params: ClinicParams,
        response: { 200: Type.Ref(ClinicUsers), ...errorResponses('notAuthenticated', 'clinicNotFound', 'validation') },
      },
    },
    (request) => listAssignableUsers(app.db, request.principal, request.params.clinic_id),
  );

  app.post(
    '/users/:user_id/disable',
    {
      schema: {
        tags: ['users'],
        summary: 'Disable an account: no sign-in, and every token it holds is refused at once (administrators)',
        params: UserParams,
        response: {
          200: Type.Ref(User),
          ...errorResponses('notAuthenticated', 'forbidden', 'userNotFound', 'cannotDisableSelf', 'validation'),
        },
      },
    },
    (request) => disableUser(store, request.principal, request.params.user_id),
  );

  app.post(
    '/users/:user_id/enable',
    {
      schema: {
        tags: ['users'],
        summary: 'Let a disabled account sign in again (administrators)',
        params: UserParams,
        response: { 200: Type.Ref(User), ...errorResponses('notAuthenticated', 'forbidden', 'userNotFound', 'validation') },
      },
    },
    (request) => enableUser(store, request.principal, request.params.user_id),
  );

  app.post(
    '/users/:user_id/password',
    {
      schema: {
        tags: ['users'],
        summary: 'Set a new password for a user; every token they hold is refused at once (administrators)',
        params: UserParams,
        body: Type.Ref(PasswordReset),
        response: { 200: Type.Ref(User), ...errorResponses('notAuthenticated', 'forbidden', 'userNotFound', 'validation') },
      },
    },
    (request) => resetPassword(store, request.principal, request.params.user_id, request.body),
  );

  app.delete(
    '/users/:user_id/clinics/:clinic_id',
    {
      schema: {
        tags: ['users'],
        summary: 'Remove a user from a clinic: its calls and live stream are refused to them at once (administrators)',
        params: MembershipParams,
        response: {
          204: Type.Null({ description: 'Removed' }),
          ...errorResponses('notAuthenticated', 'forbidden', 'userNotFound', 'membershipNotFound', 'validation'),
        },
      },
    },
    async (request, reply) => {
      await removeUserFromClinic(store, request.principal, request.params.user_id, request.params.clinic_id);
      return reply.status(204).send(null);
    },
  );
};
