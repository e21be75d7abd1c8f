import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createConnection } from 'mysql2/promise';
import { buildApp, type AppConfig } from '../../src/app.js';
import { createDatabase, type DatabaseHandle } from '../../src/db/create-db.js';
import type { NewCallLog } from '../../src/db/database.js';
import type { LogStream } from '../../src/plugins/request-log.js';

/**
 * Every API test file runs once per database: SQLite in memory always, and MariaDB when
 * TEST_MARIADB_URL is set (a throwaway database per file, dropped afterwards).
 */
export const ADMIN = { email: 'admin@zenicall.test', password: 'admin-password-1' };

interface TestDatabase {
  name: 'sqlite' | 'mariadb';
  open(): Promise<{ url: string; drop(): Promise<void> }>;
}

const mariadbUrl = process.env.TEST_MARIADB_URL;

const mariadb: TestDatabase[] = mariadbUrl ? [{ name: 'mariadb', open: () => createThrowawayMariaDb(mariadbUrl) }] : [];

const TEST_DATABASES: TestDatabase[] = [
  { name: 'sqlite', open: async () => ({ url: 'sqlite::memory:', drop: async () => {} }) },
  ...mariadb,
];

/** For suites that also run the CLI in another process on the same database: SQLite in a file, not in memory. */
const TEST_DATABASES_ON_DISK: TestDatabase[] = [
  {
    name: 'sqlite',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'zenicall-test-'));
      return { url: `sqlite:${join(dir, 'zenicall.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  ...mariadb,
];

export async function createThrowawayMariaDb(serverUrl: string) {
  const url = new URL(serverUrl);
  const name = `zenicall_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  url.pathname = '/';
  const admin = await createConnection({ uri: url.toString() });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    },
  };
}

export function testConfig(databaseUrl: string, overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    env: 'test',
    databaseUrl,
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    jwtSecret: randomBytes(32).toString('hex'),
    tokenTtlSeconds: 3600,
    // Its own folder (created only if something is written there, like the webhook spool): a test's
    // spooled deliveries must never be drained into another test's database.
    dataDir: join(tmpdir(), `zenicall-test-${randomUUID()}`),
    admin: ADMIN,
    demoData: false,
    dbPoolSize: 5,
    dbConnectTimeoutMs: 5000,
    dbStatementTimeoutMs: 10_000,
    dbWaitMs: 2000,
    vapi: {},
    retell: {},
    webhookRetrySeconds: 0,
    recordingLinkSeconds: 300,
    retentionPurgeSeconds: 0,
    workers: 1,
    liveStreams: { perUser: 10, heartbeatSeconds: 15 },
    // Its own Redis channels and keys (when a test sets redisUrl): test files running at once never hear each other.
    redisPrefix: `zenicall-test-${randomUUID()}:`,
    presenceTtlSeconds: 45,
    shutdownGraceSeconds: 10,
    trustProxy: false,
    signInThrottle: { perAccount: 10, perAddress: 50, windowSeconds: 900 },
    timeouts: { requestMs: 30_000, headersMs: 10_000, keepAliveMs: 10_000, idleMs: 120_000 },
    publicDocs: true,
    publicSourceMaps: true,
    ...overrides,
  };
}

export interface Harness {
  readonly app: FastifyInstance;
  readonly database: DatabaseHandle;
  readonly dbName: 'sqlite' | 'mariadb';
  /** The DATABASE_URL of this suite's database (for a CLI run on it; needs `sqliteOnDisk` on SQLite). */
  readonly databaseUrl: string;
  /** `inject` with a bearer token and JSON in and out. */
  call(options: InjectOptions & { token?: string }): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  login(email: string, password: string): Promise<string>;
  adminToken(): Promise<string>;
  createClinic(name?: string): Promise<{ id: number; name: string; created_at: string; updated_at: string }>;
  /** A user with a fresh e-mail, signed in: returns its token and id. */
  createUser(role: 'admin' | 'staff', clinicIds: number[]): Promise<{ token: string; id: number; email: string }>;
  insertCallLog(clinicId: number, values?: Partial<NewCallLog>): Promise<number>;
  /** The SQL of every query run while `work` runs. */
  queriesDuring(work: () => Promise<unknown>): Promise<string[]>;
}

export interface HarnessOptions {
  /** The app logs here (at the config's `logLevel`, which tests set to 'silent' unless they override it). */
  logStream?: LogStream;
  /** SQLite in a file rather than in memory, for suites that also run the CLI on the same database. */
  sqliteOnDisk?: boolean;
}

export function describeEachDatabase(
  title: string,
  body: (h: Harness) => void,
  configOverrides: Partial<AppConfig> = {},
  options: HarnessOptions = {},
) {
  for (const testDb of options.sqliteOnDisk ? TEST_DATABASES_ON_DISK : TEST_DATABASES) {
    describe(`${title} [${testDb.name}]`, () => {
      const harness = createHarness(testDb, configOverrides, options);
      body(harness);
    });
  }
}

function createHarness(testDb: TestDatabase, configOverrides: Partial<AppConfig>, options: HarnessOptions = {}): Harness {
  let app: FastifyInstance;
  let database: DatabaseHandle;
  let drop: () => Promise<void>;
  let databaseUrl: string;
  let dataDir: string | undefined;
  let adminToken: string | undefined;
  let recording: string[] | undefined;

  before(async () => {
    const opened = await testDb.open();
    drop = () => opened.drop();
    databaseUrl = opened.url;
    const config = testConfig(opened.url, configOverrides);
    dataDir = config.dataDir;
    database = createDatabase({
      url: config.databaseUrl,
      poolSize: config.dbPoolSize,
      onQuery: (sql) => recording?.push(sql),
    });
    app = await buildApp(config, {
      database,
      ...(options.logStream ? { logStream: options.logStream } : { logger: false }),
      checkErrorsDocumented: true,
    });
    await app.ready();
  });

  after(async () => {
    await app?.close();
    await database?.destroy();
    await drop?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const harness: Harness = {
    get app() {
      return app;
    },
    get database() {
      return database;
    },
    dbName: testDb.name,
    get databaseUrl() {
      return databaseUrl;
    },
    async call({ token, ...options }) {
      const response = await app.inject({
        ...options,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers },
      });
      const type = String(response.headers['content-type'] ?? '');
      return {
        status: response.statusCode,
        body: type.includes('json') ? response.json() : response.body,
        headers: response.headers,
      };
    },
    async login(email, password) {
      const response = await harness.call({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
      if (response.status !== 200) throw new Error(`login failed: ${JSON.stringify(response.body)}`);
      return response.body.access_token as string;
    },
    async adminToken() {
      adminToken ??= await harness.login(ADMIN.email, ADMIN.password);
      return adminToken;
    },
    async createClinic(name = `Clinic ${randomUUID().slice(0, 8)}`) {
      const response = await harness.call({
        method: 'POST',
        url: '/api/v1/clinics',
        token: await harness.adminToken(),
        payload: { name },
      });
      if (response.status !== 201) throw new Error(`createClinic failed: ${JSON.stringify(response.body)}`);
      return response.body;
    },
    async createUser(role, clinicIds) {
      const email = `${role}-${randomUUID()}@zenicall.test`;
      const password = 'correct horse battery';
      const response = await harness.call({
        method: 'POST',
        url: '/api/v1/users',
        token: await harness.adminToken(),
        payload: { email, password, role, clinic_ids: clinicIds },
      });
      if (response.status !== 201) throw new Error(`createUser failed: ${JSON.stringify(response.body)}`);
      return { token: await harness.login(email, password), id: response.body.id, email };
    },
    async queriesDuring(work) {
      recording = [];
      try {
        await work();
        return recording;
      } finally {
        recording = undefined;
      }
    },
    async insertCallLog(clinicId, values = {}) {
      const result = await database.db
        .insertInto('call_logs')
        .values({
          clinic_id: clinicId,
          external_call_id: randomUUID(),
          caller_phone_number: '+15550100000',
          call_started_at: '2026-10-01 09:00:00',
          status: 'NEW',
          ...values,
        })
        .executeTakeFirstOrThrow();
      return Number(result.insertId);
    },
  };
  return harness;
}

/**
 * For suites whose subject never reaches SQL: request validation before any handler, bad bearer tokens refused
 * before the user lookup, unknown routes, URL limits, unconfigured webhooks, the OpenAPI document. They build the
 * same real app, on in-memory SQLite only, and run once instead of once per database (their set-up may still sign in
 * or insert: SQLite is a real database). A request that runs SQL belongs in `describeEachDatabase`: wrap the request
 * under test in `runsNoSql` so the suite fails the day it starts to.
 */
export function describeOnce(title: string, body: (h: Harness) => void, configOverrides: Partial<AppConfig> = {}) {
  const sqlite = TEST_DATABASES.find((testDb) => testDb.name === 'sqlite')!;
  describe(title, () => {
    const harness = createHarness(sqlite, configOverrides);
    body(harness);
  });
}

/**
 * What keeps a `describeOnce` suite honest: runs `work` (the request under test) and fails if it ran any SQL, since
 * then its outcome could differ between databases and the test belongs in `describeEachDatabase`.
 */
export async function runsNoSql<T>(h: Harness, work: () => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  const queries = await h.queriesDuring(async () => {
    result = { value: await work() };
  });
  if (queries.length > 0) {
    throw new Error(`ran SQL, so it must run on every database (describeEachDatabase), not once:\n${queries.join('\n')}`);
  }
  return result!.value;
}
