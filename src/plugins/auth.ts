import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Errors } from '../shared/errors.js';
import type { Principal } from '../modules/auth/principal.js';
import { clinicIdsOf, findUser } from '../modules/users/repository.js';

declare module 'fastify' {
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
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    const userId = token ? await app.tokens.verify(token) : null;
    const user = userId ? await findUser(app.db, userId) : undefined;
    if (!user) throw Errors.notAuthenticated();
    request.principal = { ...user, clinicIds: await clinicIdsOf(app.db, user.id) };
  });
}
