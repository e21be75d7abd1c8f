import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
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
  const principals = principalLookup(app.db);
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorate('authenticate', async function authenticate(request: FastifyRequest) {
    const token =
      BEARER.exec(request.headers.authorization ?? '')?.[1] ?? (request.routeOptions.config.tokenInQuery ? queryToken(request) : undefined);
    const userId = token ? await app.tokens.verify(token) : null;
    const principal = userId ? await principals.get(userId) : undefined;
    if (!principal) throw Errors.notAuthenticated();
    request.principal = principal;
  });
}

const PRINCIPAL_TTL_MS = 5_000;

/**
 * Who a user is (role, clinics), read at most every few seconds per process: every request is
 * authorised, and a changed role or membership takes effect within PRINCIPAL_TTL_MS.
 */
function principalLookup(db: Kysely<Database>) {
  const recent = new Map<number, { principal: Promise<Principal | undefined>; expires: number }>();
  return {
    get(userId: number): Promise<Principal | undefined> {
      const now = Date.now();
      const entry = recent.get(userId);
      if (entry && entry.expires > now) return entry.principal;
      if (recent.size > 10_000) recent.clear();
      const principal = findUser(db, userId).then(async (user) =>
        user ? { ...user, clinicIds: await clinicIdsOf(db, user.id) } : undefined,
      );
      recent.set(userId, { principal, expires: now + PRINCIPAL_TTL_MS });
      principal.catch(() => recent.delete(userId));
      return principal;
    },
  };
}

function queryToken(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.access_token;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
