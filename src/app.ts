import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import { createDatabase, type DatabaseHandle, type DialectName } from './db/create-db.js';
import type { Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createTokenSigner, type TokenSigner } from './modules/auth/tokens.js';
import { authSchemas } from './modules/auth/schemas.js';
import { loginRoutes, meRoutes } from './modules/auth/routes.js';
import { callLogSchemas } from './modules/call-logs/schemas.js';
import { callLogRoutes } from './modules/call-logs/routes.js';
import { clinicSchemas } from './modules/clinics/schemas.js';
import { clinicRoutes } from './modules/clinics/routes.js';
import { ensureAdmin } from './modules/users/ensure-admin.js';
import { userSchemas } from './modules/users/schemas.js';
import { userRoutes } from './modules/users/routes.js';
import { installAuthentication } from './plugins/auth.js';
import { installErrorHandling } from './plugins/errors.js';
import { installOpenApi } from './plugins/openapi.js';
import { installValidation } from './plugins/validation.js';
import { sharedSchemas } from './shared/schemas.js';
import { version } from './version.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: AppConfig;
    db: Kysely<Database>;
    dialect: DialectName;
    tokens: TokenSigner;
  }
}

/** The configuration once the server has resolved its secrets. */
export type AppConfig = Config & { jwtSecret: string };

export interface AppOptions {
  /** An already open database (tests share one per file); otherwise opened from `config.databaseUrl`. */
  database?: DatabaseHandle;
  logger?: FastifyServerOptions['logger'];
}

const ALL_SCHEMAS = [...sharedSchemas, ...clinicSchemas, ...callLogSchemas, ...userSchemas, ...authSchemas];

/** The one app factory: the server and every test build Zenicall through here. */
export async function buildApp(config: AppConfig, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    // Proxies and load balancers add their own ids; ours are short and sequential per process.
    requestIdHeader: 'x-request-id',
    bodyLimit: 2 * 1024 * 1024,
    ajv: { customOptions: {} },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const database = options.database ?? createDatabase({ url: config.databaseUrl, poolSize: config.dbPoolSize });
  if (!options.database) app.addHook('onClose', () => database.destroy());
  await migrateToLatest(database.db);
  if (config.admin) await ensureAdmin(database.db, config.admin);

  app.decorate('config', config);
  app.decorate('db', database.db);
  app.decorate('dialect', database.dialect);
  app.decorate('tokens', createTokenSigner(config.jwtSecret, config.tokenTtlSeconds));

  for (const schema of ALL_SCHEMAS) app.addSchema(schema);
  installValidation(app, ALL_SCHEMAS);
  installErrorHandling(app);
  installAuthentication(app);
  await installOpenApi(app, version);

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  await app.register(
    async (api) => {
      await api.register(loginRoutes);
      // Everything registered in this scope needs a valid bearer token.
      await api.register(async (protectedScope) => {
        protectedScope.addHook('onRequest', protectedScope.authenticate);
        await protectedScope.register(meRoutes);
        await protectedScope.register(clinicRoutes);
        await protectedScope.register(callLogRoutes);
        await protectedScope.register(userRoutes);
      });
    },
    { prefix: '/api/v1' },
  );

  return app;
}
