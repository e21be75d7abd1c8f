import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Errors } from '../shared/errors.js';
import type { Principal } from '../modules/auth/principal.js';
import { clinicIdsOf, findUser } from '../modules/users/repository.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route also takes the token as `?access_token=` (server-sent events, where browsers cannot set headers). */
    tokenInQuery?: boolean;
  }
  interface FastifyRequest {
    /** Set by `authenticate` on every route of the protected scope. */
    principal: Principal;
  }
  interface FastifyInstance {
    authenticate(request: FastifyRequest): Promise<void>;
  }
}

const BEARER = /^bearer\s+(\S+)\s*$/i;

export function installAuthentication(app: FastifyInstance): void {
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorate('authenticate', async function authenticate(request: FastifyRequest) {
    const token =
      BEARER.exec(request.headers.authorization ?? '')?.[1] ??
      (request.routeOptions.config.tokenInQuery ? queryToken(request) : undefined);
    const userId = token ? await app.tokens.verify(token) : null;
    const user = userId ? await findUser(app.db, userId) : undefined;
    if (!user) throw Errors.notAuthenticated();
    request.principal = { ...user, clinicIds: await clinicIdsOf(app.db, user.id) };
  });
}

function queryToken(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.access_token;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
