import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { availableParallelism } from 'node:os';

/** The environment, declared once. Nothing else in the code base reads `process.env`. */
const Environment = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], {
    default: 'development',
  }),
  DATABASE_URL: Type.String({ pattern: '^(sqlite:|mysql://|mariadb://)', default: 'sqlite:./data/zenicall.sqlite' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
  JWT_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  TOKEN_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 7 * 24 * 3600, default: 12 * 3600 }),
  ZENICALL_DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  ZENICALL_ADMIN_EMAIL: Type.Optional(Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$' })),
  ZENICALL_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 8 })),
  ZENICALL_DEMO_DATA: Type.Optional(Type.Boolean()),
  DB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  ZENICALL_VAPI_SECRET: Type.Optional(Type.String({ minLength: 8 })),
  ZENICALL_VAPI_HMAC_SECRET: Type.Optional(Type.String({ minLength: 8 })),
  ZENICALL_RETELL_API_KEY: Type.Optional(Type.String({ minLength: 8 })),
  ZENICALL_WEBHOOK_RETRY_SECONDS: Type.Integer({ minimum: 0, maximum: 86400, default: 60 }),
  ZENICALL_VAPI_API_KEY: Type.Optional(Type.String({ minLength: 8 })),
  ZENICALL_VAPI_API_URL: Type.String({ pattern: '^https?://', default: 'https://api.vapi.ai' }),
  ZENICALL_VAPI_RECONCILE_MINUTES: Type.Integer({ minimum: 0, maximum: 24 * 60, default: 15 }),
  ZENICALL_VAPI_RECONCILE_LOOKBACK_HOURS: Type.Integer({ minimum: 1, maximum: 30 * 24, default: 24 }),
  ZENICALL_WORKERS: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
});
type Environment = Static<typeof Environment>;

export interface Config {
  env: 'development' | 'production' | 'test';
  databaseUrl: string;
  port: number;
  host: string;
  logLevel: string;
  /** Absent until the server resolves it (generated and kept in the data folder outside production). */
  jwtSecret?: string;
  tokenTtlSeconds: number;
  dataDir: string;
  admin?: { email: string; password: string };
  /** Seed the demo clinic when the database is empty. */
  demoData: boolean;
  dbPoolSize: number;
  /** Webhook credentials; a provider without one answers 503 WEBHOOK_NOT_CONFIGURED. */
  vapi: { secret?: string; hmacSecret?: string };
  retell: { apiKey?: string };
  /**
   * Vapi's REST API, for the reconciler that fetches ended calls whose webhook never arrived. Absent
   * when ZENICALL_VAPI_API_KEY is unset: no reconciliation at all.
   */
  vapiApi?: { apiKey: string; url: string; reconcileMinutes: number; lookbackHours: number };
  /** How often failed and stuck webhook deliveries are retried; 0 turns the background retry off. */
  webhookRetrySeconds: number;
  /** Server processes (node:cluster); by default one per core in production, one otherwise. */
  workers: number;
  /** Live updates travel through Redis pub/sub when set (several processes or machines). */
  redisUrl?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const relevant = Object.fromEntries(
    Object.keys(Environment.properties)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = Value.Convert(Environment, Value.Default(Environment, relevant));
  const firstError = Value.Errors(Environment, parsed).First();
  if (firstError) {
    const name = firstError.path.replace(/^\//, '');
    throw new ConfigError(`Invalid ${name}: ${firstError.message} (got "${String(firstError.value)}")`);
  }
  const e = parsed as Environment;
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET) {
    throw new ConfigError('JWT_SECRET is required when NODE_ENV=production (at least 32 characters).');
  }
  if (Boolean(e.ZENICALL_ADMIN_EMAIL) !== Boolean(e.ZENICALL_ADMIN_PASSWORD)) {
    throw new ConfigError('Set both ZENICALL_ADMIN_EMAIL and ZENICALL_ADMIN_PASSWORD, or neither.');
  }
  return {
    env: e.NODE_ENV,
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    jwtSecret: e.JWT_SECRET,
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    dataDir: e.ZENICALL_DATA_DIR,
    admin:
      e.ZENICALL_ADMIN_EMAIL && e.ZENICALL_ADMIN_PASSWORD
        ? { email: e.ZENICALL_ADMIN_EMAIL, password: e.ZENICALL_ADMIN_PASSWORD }
        : undefined,
    demoData: e.ZENICALL_DEMO_DATA ?? e.NODE_ENV !== 'production',
    dbPoolSize: e.DB_POOL_SIZE,
    vapi: { secret: e.ZENICALL_VAPI_SECRET, hmacSecret: e.ZENICALL_VAPI_HMAC_SECRET },
    retell: { apiKey: e.ZENICALL_RETELL_API_KEY },
    vapiApi: e.ZENICALL_VAPI_API_KEY
      ? {
          apiKey: e.ZENICALL_VAPI_API_KEY,
          url: e.ZENICALL_VAPI_API_URL,
          reconcileMinutes: e.ZENICALL_VAPI_RECONCILE_MINUTES,
          lookbackHours: e.ZENICALL_VAPI_RECONCILE_LOOKBACK_HOURS,
        }
      : undefined,
    webhookRetrySeconds: e.ZENICALL_WEBHOOK_RETRY_SECONDS,
    workers: e.ZENICALL_WORKERS ?? (e.NODE_ENV === 'production' ? availableParallelism() : 1),
    redisUrl: e.REDIS_URL,
  };
}
