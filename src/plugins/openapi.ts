import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

const SWAGGER_UI_INLINE_STYLE = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

/**
 * The OpenAPI document comes from the routes' own TypeBox schemas; `$id`s become named components.
 * It is always built (`app.swagger()`), but `/docs` and `/openapi.json` are served only when
 * `options.public` (ZENICALL_PUBLIC_DOCS; on by default outside production): in production they
 * would hand an attacker the map of every route.
 */
export async function installOpenApi(app: FastifyInstance, version: string, options: { public: boolean }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Zenicall API',
        version,
        description:
          'Call logs written by the clinic’s AI receptionist, for the front desk to work: find the caller, read what was asked, call back, mark it done.',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      // Every operation needs the bearer token unless it says `security: []` (login): /docs then sends it.
      security: [{ bearerAuth: [] }],
      tags: [
        { name: 'auth', description: 'Sign in' },
        { name: 'call-logs', description: 'The calls the receptionist answered' },
        { name: 'clinics', description: 'Clinics and who works there' },
        { name: 'users', description: 'Staff accounts' },
      ],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  if (!options.public) return;
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // The strict policy, except that Swagger UI's one injected <style> element (this hash) may apply on /docs.
    transformStaticCSP: (policy) => policy.replace("style-src 'self'", `style-src 'self' ${SWAGGER_UI_INLINE_STYLE}`),
  });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
