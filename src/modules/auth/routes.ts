import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../shared/schemas.js';
import { Me } from '../users/schemas.js';
import { describePrincipal } from '../users/service.js';
import { AccessToken, LoginRequest } from './schemas.js';
import { logIn } from './service.js';
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
          ...errorResponses('invalidCredentials', 'validation', 'tooManySignInAttempts'),
        },
      },
    },
    (request) => throttle.guard(request, () => logIn(app.db, app.tokens, request.body)),
  );
};

/** Protected: who am I. */
export const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
};
