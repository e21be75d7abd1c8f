import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Errors } from '../shared/errors.js';
import type { Principal } from '../modules/auth/principal.js';
import type { VerifiedToken } from '../modules/auth/tokens.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route also takes the token as `?access_token=` (server-sent events, where browsers cannot set headers). */
    tokenInQuery?: boolean;
  }
  interface FastifyRequest {
    /** Set by `authenticate` on every route of the protected scope. */
    principal: Principal;
    /** The bearer token behind `principal` (its expiry and version), for responses that outlive the request. */
    token: VerifiedToken;
  }
  interface FastifyInstance {
    authenticate(request: FastifyRequest): Promise<void>;
  }
}

const BEARER = /^bearer\s+(\S+)\s*$/i;

export function installAuthentication(app: FastifyInstance): void {
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorateRequest('token', null as unknown as VerifiedToken);
  app.decorate('authenticate', async function authenticate(request: FastifyRequest) {
    const bearer =
      BEARER.exec(request.headers.authorization ?? '')?.[1] ?? (request.routeOptions.config.tokenInQuery ? queryToken(request) : undefined);
    const token = bearer ? await app.tokens.verify(bearer) : null;
    if (!token) throw Errors.notAuthenticated();
    request.principal = await app.sessions.authorise(token);
    request.token = token;
  });
}

function queryToken(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.access_token;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
