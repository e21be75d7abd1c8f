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
  DB_CONNECT_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 5000 }),
  DB_STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 30_000 }),
  ZENICALL_DB_WAIT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 2000 }),
  ZENICALL_VAPI_SECRET: Type.Optional(Type.String({ minLength: 8 })),
  ZENICALL_VAPI_HMAC_SECRET: Type.Optional(Type.String({ minLength: 8 })),
  ZENICALL_RETELL_API_KEY: Type.Optional(Type.String({ minLength: 8 })),
  ZENICALL_WEBHOOK_RETRY_SECONDS: Type.Integer({ minimum: 0, maximum: 86400, default: 60 }),
  ZENICALL_RECORDING_LINK_SECONDS: Type.Integer({ minimum: 10, maximum: 86400, default: 300 }),
  ZENICALL_RETENTION_PURGE_SECONDS: Type.Integer({ minimum: 0, maximum: 7 * 86400, default: 3600 }),
  ZENICALL_VAPI_API_KEY: Type.Optional(Type.String({ minLength: 8 })),
  ZENICALL_VAPI_API_URL: Type.String({ pattern: '^https?://', default: 'https://api.vapi.ai' }),
  ZENICALL_VAPI_RECONCILE_MINUTES: Type.Integer({ minimum: 0, maximum: 24 * 60, default: 15 }),
  ZENICALL_VAPI_RECONCILE_LOOKBACK_HOURS: Type.Integer({ minimum: 1, maximum: 30 * 24, default: 24 }),
  ZENICALL_WORKERS: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  ZENICALL_REDIS_PREFIX: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$', default: 'zenicall:' }),
  ZENICALL_PRESENCE_TTL_SECONDS: Type.Integer({ minimum: 5, maximum: 3600, default: 45 }),
  ZENICALL_STREAMS_PER_USER: Type.Integer({ minimum: 1, maximum: 1000, default: 10 }),
  ZENICALL_STREAM_HEARTBEAT_SECONDS: Type.Integer({ minimum: 1, maximum: 300, default: 15 }),
  ZENICALL_SHUTDOWN_GRACE_SECONDS: Type.Integer({ minimum: 0, maximum: 600, default: 10 }),
  ZENICALL_TRUST_PROXY: Type.Optional(Type.String({ minLength: 1 })),
  ZENICALL_SIGN_IN_FAILURES_PER_ACCOUNT: Type.Integer({ minimum: 1, maximum: 10000, default: 10 }),
  ZENICALL_SIGN_IN_FAILURES_PER_ADDRESS: Type.Integer({ minimum: 1, maximum: 100000, default: 50 }),
  ZENICALL_SIGN_IN_WINDOW_SECONDS: Type.Integer({ minimum: 1, maximum: 86400, default: 900 }),
  ZENICALL_REQUEST_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 30 }),
  ZENICALL_HEADERS_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 10 }),
  ZENICALL_KEEP_ALIVE_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 10 }),
  ZENICALL_IDLE_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 86400, default: 120 }),
  ZENICALL_PUBLIC_DOCS: Type.Optional(Type.Boolean()),
  ZENICALL_PUBLIC_SOURCE_MAPS: Type.Optional(Type.Boolean()),
  ZENICALL_METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
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
  /** MariaDB: longest wait for a pooled connection (or a new one's handshake) before the query fails. */
  dbConnectTimeoutMs: number;
  /** MariaDB: longest a statement may take before its connection is dropped and the query fails. */
  dbStatementTimeoutMs: number;
  /**
   * How long a webhook delivery (and the readiness check) waits for the database before it is kept
   * in the local spool instead: well under a provider's webhook timeout.
   */
  dbWaitMs: number;
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
  /** How long a signed recording link plays (the call detail hands out a fresh one each time). */
  recordingLinkSeconds: number;
  /** How often calls past their clinic's retention are purged; 0 turns the background purge off. */
  retentionPurgeSeconds: number;
  /** Server processes (node:cluster); by default one per core in production, one otherwise. */
  workers: number;
  /** Live updates travel through Redis pub/sub when set (several processes or machines). */
  redisUrl?: string;
  /** Prefix of Zenicall's Redis channels and keys (live updates, presence): several deployments can share one Redis. */
  redisPrefix: string;
  /** How long "has this call open" lasts without renewal (the dashboard renews it every 20 s). */
  presenceTtlSeconds: number;
  /** Live-update streams: how many one user may hold open per process, and how often each hears a heartbeat. */
  liveStreams: { perUser: number; heartbeatSeconds: number };
  /** After SIGTERM, how long requests in flight may take before the process exits anyway. */
  shutdownGraceSeconds: number;
  /** Fastify's `trustProxy`: whose X-Forwarded-For to believe for the client address (sign-in throttle, logs). */
  trustProxy: boolean | number | string[];
  /** Failed sign-ins allowed per account and per client address within the window before 429. */
  signInThrottle: { perAccount: number; perAddress: number; windowSeconds: number };
  /**
   * Slow or idle clients are cut: the whole request (headers and body) within `requestMs`, the
   * headers within `headersMs`, an idle keep-alive socket after `keepAliveMs`, any silent socket
   * (a stalled body, a stream without heartbeat) after `idleMs`.
   */
  timeouts: { requestMs: number; headersMs: number; keepAliveMs: number; idleMs: number };
  /** `/docs` and `/openapi.json` are served (by default everywhere but production). */
  publicDocs: boolean;
  /** The dashboard's source maps are served (by default everywhere but production). */
  publicSourceMaps: boolean;
  /** The bearer token `GET /metrics` asks for; without one the metrics are off (503 METRICS_NOT_CONFIGURED). */
  metricsToken?: string;
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
  if (e.ZENICALL_HEADERS_TIMEOUT_SECONDS > e.ZENICALL_REQUEST_TIMEOUT_SECONDS) {
    throw new ConfigError('ZENICALL_HEADERS_TIMEOUT_SECONDS must not exceed ZENICALL_REQUEST_TIMEOUT_SECONDS.');
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
    dbConnectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    dbWaitMs: e.ZENICALL_DB_WAIT_MS,
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
    recordingLinkSeconds: e.ZENICALL_RECORDING_LINK_SECONDS,
    retentionPurgeSeconds: e.ZENICALL_RETENTION_PURGE_SECONDS,
    workers: e.ZENICALL_WORKERS ?? (e.NODE_ENV === 'production' ? availableParallelism() : 1),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.ZENICALL_REDIS_PREFIX,
    presenceTtlSeconds: e.ZENICALL_PRESENCE_TTL_SECONDS,
    liveStreams: { perUser: e.ZENICALL_STREAMS_PER_USER, heartbeatSeconds: e.ZENICALL_STREAM_HEARTBEAT_SECONDS },
    shutdownGraceSeconds: e.ZENICALL_SHUTDOWN_GRACE_SECONDS,
    trustProxy: parseTrustProxy(e.ZENICALL_TRUST_PROXY),
    signInThrottle: {
      perAccount: e.ZENICALL_SIGN_IN_FAILURES_PER_ACCOUNT,
      perAddress: e.ZENICALL_SIGN_IN_FAILURES_PER_ADDRESS,
      windowSeconds: e.ZENICALL_SIGN_IN_WINDOW_SECONDS,
    },
    timeouts: {
      requestMs: e.ZENICALL_REQUEST_TIMEOUT_SECONDS * 1000,
      headersMs: e.ZENICALL_HEADERS_TIMEOUT_SECONDS * 1000,
      keepAliveMs: e.ZENICALL_KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
      idleMs: e.ZENICALL_IDLE_TIMEOUT_SECONDS * 1000,
    },
    publicDocs: e.ZENICALL_PUBLIC_DOCS ?? e.NODE_ENV !== 'production',
    publicSourceMaps: e.ZENICALL_PUBLIC_SOURCE_MAPS ?? e.NODE_ENV !== 'production',
    metricsToken: e.ZENICALL_METRICS_TOKEN,
  };
}

/**
 * `true` (every proxy hop), `false` (none: the socket's address is the client), a number of hops, or a
 * comma-separated list of the proxies' addresses / CIDR ranges.
 */
function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}
