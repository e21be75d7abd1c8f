import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../shared/schemas.js';
import { Me } from '../users/schemas.js';
import { describePrincipal, type AccountStore } from '../users/service.js';
import { AccessToken, LoginRequest, PasswordChange } from './schemas.js';
import { changePassword, logIn, logOut } from './service.js';
import { installSignInThrottle } from './sign-in-throttle.js';

/** Public: signing in, throttled per account and per address. */
export const loginRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const throttle = await installSignInThrottle(app, { ...app.config.signInThrottle, redisUrl: app.config.redisUrl });
  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Exchange e-mail and password for a bearer token',
        security: [],
        body: Type.Ref(LoginRequest),
        response: {
          200: Type.Ref(AccessToken),
          ...errorResponses('invalidCredentials', 'accountDisabled', 'validation', 'tooManySignInAttempts'),
        },
      },
    },
    (request) => throttle.guard(request, () => logIn(app.db, app.tokens, request.body)),
  );
};

/** Protected: who am I, my password, signing out. */
export const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const store: AccountStore = { db: app.db, sessions: app.sessions };

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, with role and clinics',
        response: { 200: Type.Ref(Me), ...errorResponses('notAuthenticated', 'validation') },
      },
    },
    (request) => describePrincipal(app.db, request.principal),
  );

  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change my password: every other token of mine is refused at once; the answer is a new token',
        body: Type.Ref(PasswordChange),
        response: { 200: Type.Ref(AccessToken), ...errorResponses('notAuthenticated', 'currentPasswordWrong', 'validation') },
      },
    },
    (request) => changePassword(store, app.tokens, request.principal, request.body),
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out: every token of mine, on every device, is refused from now on',
        response: { 204: Type.Null({ description: 'Signed out' }), ...errorResponses('notAuthenticated', 'validation') },
      },
    },
    async (request, reply) => {
      await logOut(store, request.principal);
      return reply.status(204).send(null);
    },
  );
};
