import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { describeEachDatabase, describeOnce, runsNoSql, type Harness } from './helpers/harness.js';
import { failPassinglyOn } from './helpers/refusals.js';
import { signIn, spawnServer } from './helpers/server-process.js';
import { VAPI_SECRET, postVapi, createClinicRoutedByKey, freshReport } from './helpers/vapi.js';

/**
 * `/metrics`: Prometheus text behind its own bearer token,
 * counters that move with requests and ingestions, labels that never carry patient data, and in a
 * cluster the sum of every worker.
 */

const METRICS_TOKEN = 'metrics-test-token-0123456789';
const CLINIC_KEY = `metrics-${randomUUID().slice(0, 8)}`;

type Labels = Record<string, string>;

/** The value of the sample `name` whose labels include `labels` (0 when there is none yet). */
function sample(text: string, name: string, labels: Labels = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return 0;
}

async function scrape(h: Harness): Promise<string> {
  const response = await h.call({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  assert.equal(response.status, 200);
  assert.match(String(response.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  return response.body as string;
}

const cancellation = () => freshReport('02-cancellation.json', CLINIC_KEY);

describeEachDatabase(
  'GET /metrics',
  (h) => {
    let clinicId: number;
    before(async () => {
      clinicId = await createClinicRoutedByKey(h, CLINIC_KEY);
    });

    test('needs the metrics token: none or a wrong one is 401 METRICS_UNAUTHORIZED, a staff token too', async () => {
      const staffToken = await h.adminToken();
      for (const authorization of [undefined, 'Bearer wrong-token-wrong-token', `Bearer ${staffToken}`, METRICS_TOKEN]) {
        const response = await h.call({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
        assert.equal(response.status, 401, String(authorization));
        assert.deepEqual(response.body, {
          detail: 'The metrics need `Authorization: Bearer` with ZENICALL_METRICS_TOKEN.',
          error_key: 'METRICS_UNAUTHORIZED',
        });
        assert.equal(response.headers['www-authenticate'], 'Bearer');
      }
    });

    test('requests are counted and timed by route pattern and status', async () => {
      const token = await h.adminToken();
      const callLogId = await h.insertCallLog(clinicId);
      const labels = { method: 'GET', route: '/api/v1/call-logs/:call_log_id', status_code: '200' };
      const before = await scrape(h);
      for (let i = 0; i < 3; i++) assert.equal((await h.call({ method: 'GET', url: `/api/v1/call-logs/${callLogId}`, token })).status, 200);
      const missing = await h.call({ method: 'GET', url: `/api/v1/call-logs/2147483000`, token });
      assert.equal(missing.status, 404);
      const afterwards = await scrape(h);
      assert.equal(sample(afterwards, 'zenicall_http_requests_total', labels) - sample(before, 'zenicall_http_requests_total', labels), 3);
      const notFound = { ...labels, status_code: '404' };
      assert.equal(
        sample(afterwards, 'zenicall_http_requests_total', notFound) - sample(before, 'zenicall_http_requests_total', notFound),
        1,
      );
      const histogramCount = (text: string) => sample(text, 'zenicall_http_request_duration_seconds_count', labels);
      assert.equal(histogramCount(afterwards) - histogramCount(before), 3);
      assert.equal(
        sample(afterwards, 'zenicall_http_request_duration_seconds_bucket', { ...labels, le: '+Inf' }),
        histogramCount(afterwards),
      );
    });

    test('ingestion outcomes are counted: processed, then duplicate for a re-delivery; a failure grows the retry backlog', async () => {
      const outcome = (text: string, name: string) =>
        sample(text, 'zenicall_webhook_ingestions_total', { provider: 'vapi', outcome: name, source: 'delivery' });
      const before = await scrape(h);
      const { body } = cancellation();
      assert.equal((await postVapi(h, body)).status, 200);
      assert.equal((await postVapi(h, body)).status, 200);

      const failing = cancellation();
      const allow = await failPassinglyOn(h, failing.callId);
      assert.equal((await postVapi(h, failing.body)).status, 202);
      await allow();

      const afterwards = await scrape(h);
      assert.equal(outcome(afterwards, 'processed') - outcome(before, 'processed'), 1);
      assert.equal(outcome(afterwards, 'duplicate') - outcome(before, 'duplicate'), 1);
      assert.equal(outcome(afterwards, 'failed') - outcome(before, 'failed'), 1);
      const backlog = (text: string) => sample(text, 'zenicall_webhook_retry_backlog');
      assert.equal(backlog(afterwards) - backlog(before), 1);
    });

    test('the backlogs and the open live streams are exposed as gauges', async () => {
      const text = await scrape(h);
      for (const gauge of ['zenicall_webhook_retry_backlog', 'zenicall_webhook_spool_backlog', 'zenicall_live_streams_open']) {
        assert.match(text, new RegExp(`^# TYPE ${gauge} gauge\n(?:# .*\n)*${gauge} \\d+$`, 'm'), gauge);
      }
    });

    test('no patient data in the metrics: not the names, phone, call id or search text of what was asked and ingested', async () => {
      const token = await h.adminToken();
      const { body, callId } = cancellation();
      assert.equal((await postVapi(h, body)).status, 200);
      const search = await h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${clinicId}?search=Whitfield%205550148`, token });
      assert.equal(search.status, 200);
      assert.ok(search.body.total >= 1, 'the search found the ingested caller');
      const text = await scrape(h);
      for (const secret of ['Whitfield', 'Margaret', '5550148', callId, 'search=', METRICS_TOKEN]) {
        assert.ok(!text.includes(secret), `the metrics contain ${secret}`);
      }
      assert.ok(sample(text, 'zenicall_http_requests_total', { route: '/api/v1/call-logs/by-clinic/:clinic_id' }) >= 1);
    });
  },
  { vapi: { secret: VAPI_SECRET }, metricsToken: METRICS_TOKEN },
);

describeOnce('GET /metrics without ZENICALL_METRICS_TOKEN', (h) => {
  test('is off: 503 METRICS_NOT_CONFIGURED, whatever the request presents', async () => {
    for (const authorization of [undefined, 'Bearer anything-at-all']) {
      const response = await runsNoSql(h, () =>
        h.call({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} }),
      );
      assert.equal(response.status, 503);
      assert.deepEqual(response.body, {
        detail: 'Metrics are off: set ZENICALL_METRICS_TOKEN to serve them.',
        error_key: 'METRICS_NOT_CONFIGURED',
      });
    }
  });
});

describe('GET /metrics with two server processes', () => {
  const server = spawnServer({ ZENICALL_WORKERS: '2', ZENICALL_METRICS_TOKEN: METRICS_TOKEN });
  after(() => server.stop());

  test('counts the requests every worker answered', async () => {
    const url = await server.ready;
    await signIn(url, server.demo()!);
    const metrics = async () => {
      // A fresh connection each time, so the primary hands each to the next worker in turn.
      const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}`, connection: 'close' } });
      assert.equal(response.status, 200);
      return response.text();
    };
    const labels = { method: 'GET', route: '/api/v1/auth/me', status_code: '401' };
    const before = sample(await metrics(), 'zenicall_http_requests_total', labels);
    for (let i = 0; i < 10; i++) {
      const response = await fetch(`${url}/api/v1/auth/me`, { headers: { connection: 'close' } });
      assert.equal(response.status, 401);
    }
    // Each scrape, whichever worker takes it, reports the same total: all ten.
    for (let i = 0; i < 4; i++) {
      const text = await metrics();
      assert.equal(sample(text, 'zenicall_http_requests_total', labels) - before, 10);
    }
  });
});
