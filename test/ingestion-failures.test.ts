import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { before, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { isPermanentDataError, isTransientDbError } from '../src/db/errors.js';
import { RETRY_POLICY, nextAttemptAt, retryDelayMs } from '../src/modules/webhooks/retry-policy.js';
import { describeEachDatabase, testConfig, type Harness } from './helpers/harness.js';
import { failPassinglyOn, refuseDataOf } from './helpers/refusals.js';
import { VAPI_SECRET, countRows, postVapi, createClinicRoutedByKey, freshReport } from './helpers/vapi.js';

/**
 * A delivery the database refuses whatever we retry is
 * `rejected` at once (422 WEBHOOK_REPORT_UNSTORABLE, no retries), while one that failed for a
 * passing reason is kept `failed` and retried later, with a growing delay, until it is stored.
 */

const CLINIC_KEY = `failures-${randomUUID().slice(0, 8)}`;

const report = () => freshReport('02-cancellation.json', CLINIC_KEY);

async function inboxEvent(h: Harness, eventId: number) {
  const response = await h.call({ method: 'GET', url: `/api/v1/webhook-events/${eventId}`, token: await h.adminToken() });
  assert.equal(response.status, 200);
  return response.body;
}

async function waitForState(h: Harness, eventId: number, state: string) {
  for (let tries = 0; tries < 150; tries++) {
    const event = await inboxEvent(h, eventId);
    if (event.state === state) return event;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`event ${eventId} never reached ${state}: ${JSON.stringify(await inboxEvent(h, eventId))}`);
}

const seconds = (wire: string) => Date.parse(wire) / 1000;

describeEachDatabase(
  'webhook processing failures: permanent ones rejected at once, passing ones retried later',
  (h) => {
    before(async () => {
      await createClinicRoutedByKey(h, CLINIC_KEY);
    });

    test('a report the database refuses is answered 422 and kept rejected; a passing failure is retried when due and stored', async () => {
      const refused = report();
      const allowRefused = await refuseDataOf(h, refused.callId);
      const refusedResponse = await postVapi(h, refused.body);
      assert.equal(refusedResponse.status, 422);
      assert.equal(refusedResponse.body.error_key, 'WEBHOOK_REPORT_UNSTORABLE');
      assert.match(refusedResponse.body.detail, /kept in the webhook inbox as rejected \(event \d+\)/);
      const refusedId = Number(/event (\d+)/.exec(refusedResponse.body.detail)![1]);
      const rejected = await inboxEvent(h, refusedId);
      assert.equal(rejected.state, 'rejected');
      assert.equal(rejected.attempts, 1);
      assert.equal(rejected.next_attempt_at, null);
      assert.match(rejected.error, /^WEBHOOK_REPORT_UNSTORABLE: /);
      assert.equal(await countRows(h, 'call_logs', refused.callId), 0);

      const passing = report();
      const allowPassing = await failPassinglyOn(h, passing.callId);
      const queued = await postVapi(h, passing.body);
      assert.equal(queued.status, 202);
      assert.deepEqual(queued.body, { status: 'queued', event_id: queued.body.event_id });
      const failed = await inboxEvent(h, queued.body.event_id);
      assert.equal(failed.state, 'failed');
      assert.equal(failed.attempts, 1);
      const delay = seconds(failed.next_attempt_at) - seconds(failed.received_at);
      assert.ok(delay >= 29 && delay <= 31, `the first retry is due 30 s later, not ${delay} s`);

      // The cause has passed, but the retry is not due yet: the loop (every second here) leaves it alone.
      await allowPassing();
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      assert.equal((await inboxEvent(h, queued.body.event_id)).state, 'failed');

      // The 30 s have passed (the due time moved back instead of waiting): the loop stores it.
      await h.database.db
        .updateTable('webhook_events')
        .set({ next_attempt_at: '2000-01-01 00:00:00' })
        .where('id', '=', queued.body.event_id)
        .execute();
      const processed = await waitForState(h, queued.body.event_id, 'processed');
      assert.equal(processed.attempts, 2);
      assert.equal(processed.error, null);
      assert.equal(processed.next_attempt_at, null);
      const call = await h.call({ method: 'GET', url: `/api/v1/call-logs/${processed.call_log_id}`, token: await h.adminToken() });
      assert.equal(call.status, 200);
      assert.equal(call.body.external_call_id, passing.callId);

      // Meanwhile the loop never touched the refused one.
      assert.deepEqual(await inboxEvent(h, refusedId), rejected);
      await allowRefused();
    });
  },
  { vapi: { secret: VAPI_SECRET }, webhookRetrySeconds: 1 },
);

test('retry policy: 30 s, doubling to an hour, 50 attempts', () => {
  assert.deepEqual([1, 2, 3, 7, 8, 49].map(retryDelayMs), [30_000, 60_000, 120_000, 1_920_000, 3_600_000, 3_600_000]);
  const now = Date.UTC(2026, 11, 4, 12, 0, 0);
  assert.equal(nextAttemptAt(1, now), '2026-12-04 12:00:30');
  assert.equal(nextAttemptAt(RETRY_POLICY.maxAttempts - 1, now), '2026-12-04 13:00:00');
  assert.equal(nextAttemptAt(RETRY_POLICY.maxAttempts, now), null);
});

test('database errors: refused data is permanent, a busy database is passing (real SQLite errors)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zenicall-errors-'));
  const file = join(dir, 'errors.sqlite');
  const first = new SqliteDatabase(file);
  const second = new SqliteDatabase(file, { timeout: 0 });
  const errorOf = (work: () => unknown) => {
    try {
      work();
    } catch (error) {
      return error;
    }
    return assert.fail('expected an error');
  };
  try {
    first.exec("CREATE TABLE t (name text NOT NULL, n integer CHECK (n > 0)); INSERT INTO t VALUES ('a', 1)");
    const notNull = errorOf(() => first.exec('INSERT INTO t VALUES (NULL, 1)'));
    const check = errorOf(() => first.exec("INSERT INTO t VALUES ('b', 0)"));
    first.exec('BEGIN IMMEDIATE');
    const busy = errorOf(() => second.exec("INSERT INTO t VALUES ('c', 1)"));
    first.exec('ROLLBACK');
    for (const error of [notNull, check]) {
      assert.equal(isPermanentDataError(error), true, String(error));
      assert.equal(isTransientDbError(error), false, String(error));
    }
    assert.equal(isPermanentDataError(busy), false);
    assert.equal(isTransientDbError(busy), true);
    // MariaDB's numbers, whatever name mysql2 gives them (4025 is MariaDB's failed CHECK, named after a MySQL error).
    assert.equal(isPermanentDataError({ code: 'ER_INNODB_AUTOEXTEND_SIZE_OUT_OF_RANGE', errno: 4025 }), true);
    assert.equal(isTransientDbError({ code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205 }), true);
    assert.equal(isTransientDbError({ code: 'ECONNREFUSED', errno: -111 }), true);
    assert.equal(isTransientDbError(new Error('timeout', { cause: { code: 'PROTOCOL_CONNECTION_LOST' } })), true);
    assert.equal(isPermanentDataError(new Error('a bug')), false);
  } finally {
    first.close();
    second.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('each failure is one log line, without a stack trace when the database refused or failed as databases do', async () => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const app = await buildApp(testConfig('sqlite::memory:', { vapi: { secret: VAPI_SECRET } }), { logger: { level: 'info', stream } });
  try {
    const clinic = await app.db.insertInto('clinics').values({ name: 'Log clinic' }).executeTakeFirstOrThrow();
    await app.db
      .insertInto('clinic_routes')
      .values({ clinic_id: Number(clinic.insertId), type: 'clinic_key', value: CLINIC_KEY, created_at: '2026-12-04 00:00:00' })
      .execute();
    const { body, callId } = report();
    await sql
      .raw(
        `CREATE TRIGGER refuse BEFORE INSERT ON call_logs WHEN NEW.external_call_id = '${callId}' BEGIN INSERT INTO clinics (name) VALUES (NULL); END`,
      )
      .execute(app.db);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/vapi',
      payload: body,
      headers: { 'content-type': 'application/json', 'x-vapi-secret': VAPI_SECRET },
    });
    assert.equal(response.statusCode, 422);
    const about = lines.filter((line) => line.externalCallId === callId);
    assert.equal(about.length, 1, JSON.stringify(lines));
    assert.equal(about[0]!.level, 40);
    assert.equal(about[0]!.code, 'SQLITE_CONSTRAINT_NOTNULL');
    assert.ok(!JSON.stringify(lines).includes('"stack"'), 'no stack trace in the log');
  } finally {
    await app.close();
  }
});
