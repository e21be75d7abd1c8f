import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../src/app.js';
import { ADMIN, testConfig } from './helpers/harness.js';
import { mariadbUnavailable, startMariaDbInstance, type MariaDbInstance } from './helpers/mariadb-instance.js';
import { freshReport, readFixture } from './helpers/vapi.js';

/**
 * Reports that arrive while MariaDB is killed or frozen were answered 500 (or
 * hung past the provider's timeout) and kept nowhere. Here the app runs on a MariaDB of its own that
 * the test kills (SIGKILL), freezes (SIGSTOP) and brings back, and every delivery must be answered
 * at once, kept in the local spool, and stored exactly once when the database returns.
 *
 * The figures (answer times, drain time) are printed as test diagnostics, never asserted.
 */
const VAPI_SECRET = 'outage-test-vapi-secret';
const CLINIC_KEY = 'outage-clinic';
const WAIT_MS = 1000;
const METRICS_TOKEN = 'outage-test-metrics-token';

describe('webhook deliveries while the database is down', { skip: mariadbUnavailable, timeout: 300_000 }, () => {
  let instance: MariaDbInstance | undefined;
  let dataDir: string;
  let apps: FastifyInstance[] = [];
  let token: string;
  let clinicId: number;

  const call = async (app: FastifyInstance, options: InjectOptions) => {
    const response = await app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } });
    return { status: response.statusCode, body: response.json(), headers: response.headers };
  };

  /** A Vapi end-of-call report for our clinic under a fresh call id; answered how, and how fast. */
  const deliver = async (app: FastifyInstance) => {
    const { body, callId } = freshReport('02-cancellation.json', CLINIC_KEY);
    const started = performance.now();
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/vapi',
      payload: body,
      headers: { 'content-type': 'application/json', 'x-vapi-secret': VAPI_SECRET },
    });
    return { callId, status: response.statusCode, body: response.json(), ms: performance.now() - started };
  };

  /** The calls the clinic's list shows, and the inbox, as the API gives them. */
  const storedCallIds = async (app: FastifyInstance) =>
    (await call(app, { method: 'GET', url: `/api/v1/call-logs/by-clinic/${clinicId}?limit=100` })).body.items.map(
      (item: { external_call_id: string }) => item.external_call_id,
    ) as string[];
  const inboxCallIds = async (app: FastifyInstance) =>
    ((await call(app, { method: 'GET', url: '/api/v1/webhook-events?limit=100' })).body.items as { id: number; external_call_id: string }[])
      .sort((a, b) => a.id - b.id)
      .map((event) => event.external_call_id);

  /** Waits (through the API) until every call is listed; returns how long it took. */
  const waitUntilStored = async (app: FastifyInstance, callIds: string[]) => {
    const started = performance.now();
    for (;;) {
      try {
        const stored = new Set(await storedCallIds(app));
        if (callIds.every((id) => stored.has(id))) return performance.now() - started;
      } catch {
        // the database is still coming back
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const assertStoredOnceInOrder = async (app: FastifyInstance, callIds: string[]) => {
    const listed = (await storedCallIds(app)).filter((id) => callIds.includes(id));
    assert.deepEqual([...listed].sort(), [...callIds].sort(), 'each call listed exactly once');
    const inbox = (await inboxCallIds(app)).filter((id) => callIds.includes(id));
    assert.deepEqual(inbox, callIds, 'one inbox event per delivery, in arrival order');
    assert.equal(app.webhookSpool.backlog(), 0);
  };

  const summary = (label: string, times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
    return `${label}: ${times.length} deliveries, median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`;
  };

  before(async () => {
    instance = await startMariaDbInstance();
    const url = await instance.createDatabase('zenicall_outage');
    dataDir = mkdtempSync(join(tmpdir(), 'zenicall-outage-'));
    const config = testConfig(url, {
      dataDir,
      vapi: { secret: VAPI_SECRET },
      metricsToken: METRICS_TOKEN,
      dbWaitMs: WAIT_MS,
      dbConnectTimeoutMs: 1000,
      dbStatementTimeoutMs: 3000,
    });
    // Two instances of the app on one machine (as cluster workers are): one database, one spool file.
    apps = [await buildApp(config, { logger: false }), await buildApp(config, { logger: false, migrate: false })];
    await Promise.all(apps.map((app) => app.ready()));
    const login = await apps[0]!.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN });
    token = login.json().access_token;
    clinicId = (await call(apps[0]!, { method: 'POST', url: '/api/v1/clinics', payload: { name: 'Outage Dental' } })).body.id;
    const route = await call(apps[0]!, {
      method: 'POST',
      url: `/api/v1/clinics/${clinicId}/vapi-routes`,
      payload: { type: 'clinic_key', value: CLINIC_KEY },
    });
    assert.equal(route.status, 201);
  });

  after(async () => {
    // The database first, so that closing the apps does not wait on a frozen server.
    await instance?.stop();
    for (const app of apps) await app.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('killed: every delivery is answered 202 from the spool, readiness says why, and all are stored once, in order, on restart', async (t: TestContext) => {
    const [app] = apps;
    await instance!.kill();

    assert.deepEqual((await call(app!, { method: 'GET', url: '/health/live' })).body, { status: 'ok' });
    const down = await call(app!, { method: 'GET', url: '/health/ready' });
    assert.equal(down.status, 503);
    assert.equal(down.headers['retry-after'], '10');
    assert.match(down.body.detail, /^The database is not answering: /);
    assert.deepEqual(
      { ...down.body, detail: undefined },
      {
        status: 'unavailable',
        detail: undefined,
        error_key: 'DATABASE_UNAVAILABLE',
        database: 'down',
        spool_backlog: 0,
        retry_backlog: null,
      },
    );

    // The staff's requests meet the same dead database: a 503 to retry, not a 500.
    const list = await call(app!, { method: 'GET', url: `/api/v1/call-logs/by-clinic/${clinicId}` });
    assert.deepEqual(
      [list.status, list.body],
      [503, { detail: 'The database is not answering; try again shortly.', error_key: 'DATABASE_UNAVAILABLE' }],
    );

    const deliveries = [];
    for (let i = 0; i < 50; i++) deliveries.push(await deliver(app!));
    for (const delivery of deliveries) assert.deepEqual([delivery.status, delivery.body], [202, { status: 'spooled' }]);
    t.diagnostic(
      summary(
        'answered while the database is killed',
        deliveries.map((d) => d.ms),
      ),
    );
    const waiting = await call(app!, { method: 'GET', url: '/health' });
    assert.deepEqual([waiting.status, waiting.body.spool_backlog], [503, 50]);
    const metrics = await app!.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.match(metrics.body, /^zenicall_webhook_spool_backlog 50$/m);
    assert.match(metrics.body, /^zenicall_webhook_ingestions_total\{provider="vapi",outcome="spooled",source="delivery"\} 50$/m);

    await instance!.start();
    const callIds = deliveries.map((d) => d.callId);
    t.diagnostic(
      `drained 50 spooled deliveries ${(await waitUntilStored(app!, callIds)).toFixed(0)} ms after the database accepted connections`,
    );
    await assertStoredOnceInOrder(app!, callIds);
    const up = await call(app!, { method: 'GET', url: '/health/ready' });
    assert.deepEqual([up.status, up.body], [200, { status: 'ok', database: 'up', spool_backlog: 0, retry_backlog: 0 }]);
  });

  test('frozen: deliveries are answered within the wait bound, and stored once after it thaws, late writes included', async (t: TestContext) => {
    const [app] = apps;
    instance!.freeze();
    try {
      // Two waves: the first one's writes time out while frozen (their connections dropped); the
      // second arrives just before the thaw, so its own writes may land late and race the drainer.
      const first = await Promise.all(Array.from({ length: 5 }, () => deliver(app!)));
      const notReady = await call(app!, { method: 'GET', url: '/health/ready' });
      assert.deepEqual([notReady.status, notReady.body.error_key], [503, 'DATABASE_UNAVAILABLE']);
      // Connection waits and statements are bounded too: a staff request gets its 503 while the server is still frozen.
      const list = await call(app!, { method: 'GET', url: `/api/v1/call-logs/by-clinic/${clinicId}` });
      assert.deepEqual([list.status, list.body.error_key], [503, 'DATABASE_UNAVAILABLE']);
      await new Promise((resolve) => setTimeout(resolve, 3500));
      const second = await Promise.all(Array.from({ length: 5 }, () => deliver(app!)));
      instance!.thaw();
      const deliveries = [...first, ...second];
      for (const delivery of deliveries) assert.deepEqual([delivery.status, delivery.body], [202, { status: 'spooled' }]);
      t.diagnostic(
        summary(
          `answered while the database is frozen (wait bound ${WAIT_MS} ms)`,
          deliveries.map((d) => d.ms),
        ),
      );

      const callIds = deliveries.map((d) => d.callId);
      await waitUntilStored(app!, callIds);
      // The drainer may still be removing deliveries that a late write stored first.
      while (app!.webhookSpool.backlog() > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      const listed = (await storedCallIds(app!)).filter((id) => callIds.includes(id));
      assert.deepEqual(listed.sort(), [...callIds].sort());
      const inbox = (await inboxCallIds(app!)).filter((id) => callIds.includes(id));
      assert.deepEqual(inbox.sort(), [...callIds].sort(), 'one inbox event per delivery');
    } finally {
      instance!.thaw();
    }
  });

  test('two app instances share one spool file, and its deliveries are drained once', async () => {
    await instance!.kill();
    const deliveries = [];
    for (let i = 0; i < 20; i++) deliveries.push(await deliver(apps[i % 2]!));
    for (const delivery of deliveries) assert.deepEqual([delivery.status, delivery.body], [202, { status: 'spooled' }]);
    assert.deepEqual(
      apps.map((app) => app.webhookSpool.backlog()),
      [20, 20],
    );

    await instance!.start();
    const callIds = deliveries.map((d) => d.callId);
    await waitUntilStored(apps[1]!, callIds);
    await assertStoredOnceInOrder(apps[1]!, callIds);
  });

  test('when neither the database nor the spool can take a delivery, it is answered 503 for the provider to retry', async () => {
    const blocker = join(dataDir, 'not-a-folder');
    writeFileSync(blocker, '');
    const app = await buildApp(
      testConfig(`${instance!.url}zenicall_outage`, { dataDir: join(blocker, 'data'), vapi: { secret: VAPI_SECRET }, dbWaitMs: WAIT_MS }),
      {
        logger: false,
        migrate: false,
      },
    );
    try {
      await instance!.kill();
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/vapi',
        payload: readFixture('02-cancellation.json'),
        headers: { 'content-type': 'application/json', 'x-vapi-secret': VAPI_SECRET },
      });
      assert.equal(response.statusCode, 503);
      assert.equal(response.headers['retry-after'], '10');
      assert.deepEqual(response.json(), {
        detail: 'Neither the database nor the local spool can take the delivery now; send it again.',
        error_key: 'DATABASE_UNAVAILABLE',
      });
    } finally {
      await app.close();
    }
  });
});
