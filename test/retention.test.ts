import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { createDatabase } from '../src/db/create-db.js';
import type { NewCallLog } from '../src/db/database.js';
import { prepareDatabase } from '../src/prepare-database.js';
import { purgeExpiredContent } from '../src/modules/retention/service.js';
import { createThrowawayMariaDb, describeEachDatabase, type Harness } from './helpers/harness.js';
import { VAPI_FIXTURES_DIR, VAPI_SECRET, postVapi } from './helpers/vapi.js';

/**
 * Retention: an administrator sets how many days a clinic keeps what its callers said; the purge (on a
 * schedule, or from the CLI) clears the transcript, the conversation and the recording link of older
 * calls, keeps the call and its trail, and writes one `retention_purged` entry per call it cleared.
 */

const DATETIME_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const quietLog = { error: () => {} };
const CONTENT = {
  transcript_text: 'AI: Hello.\nUser: It’s Ada Lovelace, my molar hurts.',
  full_conversation_json: JSON.stringify([{ role: 'user', message: 'It’s Ada Lovelace, my molar hurts.' }]),
  audio_recording_url: 'https://storage.example.com/old-call-mono.wav',
  summary: 'Ada Lovelace has a toothache.',
  caller_first_name: 'Ada',
};

const retentionUrl = (clinicId: number) => `/api/v1/clinics/${clinicId}/retention`;

/** A call that started `daysAgo` days before `now`, with every purgeable column set. */
const callStarted = (h: Harness, clinicId: number, daysAgo: number, now = new Date(), values: Partial<NewCallLog> = {}) =>
  h.insertCallLog(clinicId, {
    ...CONTENT,
    call_started_at: new Date(now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 19).replace('T', ' '),
    ...values,
  });

const trailOf = (h: Harness, callLogId: number) =>
  h.database.db
    .selectFrom('call_log_activity')
    .select(['clinic_id', 'actor_user_id', 'actor_name', 'action', 'changes'])
    .where('call_log_id', '=', callLogId)
    .orderBy('id')
    .execute()
    .then((rows) => rows.map((row) => ({ ...row, changes: row.changes === null ? null : JSON.parse(row.changes) })));

const purgedEntry = (
  clinicId: number,
  retentionDays: number,
  cleared = ['transcript_text', 'full_conversation_json', 'audio_recording_url'],
) => ({
  clinic_id: clinicId,
  actor_user_id: null,
  actor_name: 'Zenicall retention',
  action: 'retention_purged',
  changes: { cleared, retention_days: retentionDays },
});

describeEachDatabase('the retention setting', (h) => {
  test('a clinic keeps everything until an administrator sets a period; null goes back to forever', async () => {
    const admin = await h.adminToken();
    const clinic = await h.createClinic();
    assert.deepEqual((await h.call({ method: 'GET', url: retentionUrl(clinic.id), token: admin })).body, {
      clinic_id: clinic.id,
      retention_days: null,
      updated_at: null,
    });
    const set = await h.call({ method: 'PUT', url: retentionUrl(clinic.id), token: admin, payload: { retention_days: 90 } });
    assert.equal(set.status, 200);
    assert.equal(set.body.retention_days, 90);
    assert.match(set.body.updated_at, DATETIME_Z);
    assert.deepEqual((await h.call({ method: 'GET', url: retentionUrl(clinic.id), token: admin })).body, set.body);
    const again = await h.call({ method: 'PUT', url: retentionUrl(clinic.id), token: admin, payload: { retention_days: 90 } });
    assert.equal(again.status, 200);
    const off = await h.call({ method: 'PUT', url: retentionUrl(clinic.id), token: admin, payload: { retention_days: null } });
    assert.equal(off.status, 200);
    assert.equal(off.body.retention_days, null);
    // Another clinic's setting is its own.
    const other = await h.createClinic();
    assert.equal((await h.call({ method: 'GET', url: retentionUrl(other.id), token: admin })).body.retention_days, null);
  });

  test('1 and 3650 days are accepted; anything else is a 422 naming retention_days', async () => {
    const admin = await h.adminToken();
    const clinic = await h.createClinic();
    for (const days of [1, 3650]) {
      const response = await h.call({ method: 'PUT', url: retentionUrl(clinic.id), token: admin, payload: { retention_days: days } });
      assert.equal(response.status, 200, String(days));
      assert.equal(response.body.retention_days, days);
    }
    for (const days of [0, -1, 3651, 1.5, 'thirty', true, 1e308]) {
      const response = await h.call({ method: 'PUT', url: retentionUrl(clinic.id), token: admin, payload: { retention_days: days } });
      assert.equal(response.status, 422, JSON.stringify(days));
      assert.equal(response.body.error_key, 'VALIDATION_ERROR');
      assert.deepEqual(
        response.body.errors.map((e: { loc: string[] }) => e.loc.join('.')),
        ['body.retention_days'],
        JSON.stringify(days),
      );
    }
    const missing = await h.call({ method: 'PUT', url: retentionUrl(clinic.id), token: admin, payload: {} });
    assert.equal(missing.status, 422);
    const extra = await h.call({
      method: 'PUT',
      url: retentionUrl(clinic.id),
      token: admin,
      payload: { retention_days: 30, purge_now: true },
    });
    assert.equal(extra.status, 422);
    // Nothing invalid was stored.
    assert.equal((await h.call({ method: 'GET', url: retentionUrl(clinic.id), token: admin })).body.retention_days, 3650);
  });

  test('only administrators read or change it; staff of the clinic get 403, strangers 401, unknown clinics 404', async () => {
    const clinic = await h.createClinic();
    const staff = await h.createUser('staff', [clinic.id]);
    for (const method of ['GET', 'PUT'] as const) {
      const payload = method === 'PUT' ? { retention_days: 1 } : undefined;
      const asStaff = await h.call({ method, url: retentionUrl(clinic.id), token: staff.token, payload });
      assert.deepEqual([asStaff.status, asStaff.body.error_key], [403, 'FORBIDDEN'], method);
      const anonymous = await h.call({ method, url: retentionUrl(clinic.id), payload });
      assert.deepEqual([anonymous.status, anonymous.body.error_key], [401, 'NOT_AUTHENTICATED'], method);
      const unknown = await h.call({ method, url: retentionUrl(2147483000), token: await h.adminToken(), payload });
      assert.deepEqual([unknown.status, unknown.body.error_key], [404, 'CLINIC_NOT_FOUND'], method);
    }
    assert.equal((await h.call({ method: 'GET', url: retentionUrl(clinic.id), token: await h.adminToken() })).body.retention_days, null);
  });
});

describeEachDatabase(
  'the retention purge',
  (h) => {
    const now = new Date('2026-12-04T12:00:00Z');
    const setRetention = async (clinicId: number, days: number | null) => {
      const response = await h.call({
        method: 'PUT',
        url: retentionUrl(clinicId),
        token: await h.adminToken(),
        payload: { retention_days: days },
      });
      assert.equal(response.status, 200);
    };
    const detail = async (id: number) =>
      (await h.call({ method: 'GET', url: `/api/v1/call-logs/${id}`, token: await h.adminToken() })).body;

    test('clears the content of calls older than the period only; the call, its other fields and its trail stay', async () => {
      const clinic = await h.createClinic();
      await setRetention(clinic.id, 30);
      const old = await callStarted(h, clinic.id, 31, now, { status: 'DONE' });
      const recent = await callStarted(h, clinic.id, 29, now);
      const before = await detail(old);

      const report = await purgeExpiredContent(h.app.db, quietLog, { now });
      assert.deepEqual(
        report.clinics.find((c) => c.clinic_id === clinic.id),
        { clinic_id: clinic.id, retention_days: 30, purged: 1 },
      );

      const after = await detail(old);
      assert.deepEqual(after, { ...before, transcript_text: null, full_conversation_json: null, audio_recording_url: null });
      assert.equal(after.summary, CONTENT.summary);
      assert.equal(after.status, 'Done');
      const untouched = await detail(recent);
      assert.equal(untouched.transcript_text, CONTENT.transcript_text);
      assert.deepEqual(untouched.full_conversation_json, JSON.parse(CONTENT.full_conversation_json));
      assert.match(untouched.audio_recording_url, /\/recording\?/);

      assert.deepEqual(await trailOf(h, old), [purgedEntry(clinic.id, 30)]);
      assert.deepEqual(await trailOf(h, recent), []);
      // Nothing more to purge: a second run clears nothing and writes nothing.
      const second = await purgeExpiredContent(h.app.db, quietLog, { now });
      assert.equal(second.clinics.find((c) => c.clinic_id === clinic.id)?.purged, 0);
      assert.equal((await trailOf(h, old)).length, 1);
    });

    test('the trail entry names only what the call still held', async () => {
      const clinic = await h.createClinic();
      await setRetention(clinic.id, 7);
      const noRecording = await callStarted(h, clinic.id, 8, now, { audio_recording_url: null, full_conversation_json: null });
      const nothingLeft = await callStarted(h, clinic.id, 8, now, {
        transcript_text: null,
        full_conversation_json: null,
        audio_recording_url: null,
      });
      await purgeExpiredContent(h.app.db, quietLog, { now });
      assert.deepEqual(await trailOf(h, noRecording), [purgedEntry(clinic.id, 7, ['transcript_text'])]);
      assert.deepEqual(await trailOf(h, nothingLeft), []);
    });

    test('clinics without a period keep everything; each clinic is purged by its own period', async () => {
      const keeper = await h.createClinic();
      const strict = await h.createClinic();
      const lenient = await h.createClinic();
      await setRetention(strict.id, 10);
      await setRetention(lenient.id, 400);
      const kept = await callStarted(h, keeper.id, 2000, now);
      const strictOld = await callStarted(h, strict.id, 11, now);
      const lenientMiddle = await callStarted(h, lenient.id, 200, now);
      await purgeExpiredContent(h.app.db, quietLog, { now });
      assert.equal((await detail(kept)).transcript_text, CONTENT.transcript_text);
      assert.equal((await detail(strictOld)).transcript_text, null);
      assert.equal((await detail(lenientMiddle)).transcript_text, CONTENT.transcript_text);
    });

    test('works through a large clinic in batches, every call with its entry', async () => {
      const clinic = await h.createClinic();
      await setRetention(clinic.id, 30);
      const ids: number[] = [];
      for (let i = 0; i < 7; i++) ids.push(await callStarted(h, clinic.id, 40 + i, now));
      const report = await purgeExpiredContent(h.app.db, quietLog, { now, batchSize: 3 });
      assert.equal(report.clinics.find((c) => c.clinic_id === clinic.id)?.purged, 7);
      for (const id of ids) {
        assert.equal((await detail(id)).transcript_text, null);
        assert.deepEqual(await trailOf(h, id), [purgedEntry(clinic.id, 30)]);
      }
    });

    test('the webhook inbox’s copy of a purged call’s report goes too', async () => {
      const clinic = await h.createClinic();
      const admin = await h.adminToken();
      await h.call({
        method: 'POST',
        url: `/api/v1/clinics/${clinic.id}/vapi-routes`,
        token: admin,
        payload: { type: 'clinic_key', value: 'maple-grove-dental' },
      });
      const delivered = await postVapi(h, readFileSync(new URL('01-new-patient-booking.json', VAPI_FIXTURES_DIR), 'utf8'));
      assert.equal(delivered.status, 200, JSON.stringify(delivered.body));
      const eventOf = async () =>
        (await h.call({ method: 'GET', url: '/api/v1/webhook-events?limit=100', token: admin })).body.items.find(
          (item: { call_log_id: number | null }) => item.call_log_id === delivered.body.call_log_id,
        );
      assert.match(JSON.stringify((await eventOf()).body), /Daniel/);
      // The fixture's call started on 2026-10-06; a 30-day period on 2026-12-04 purges it.
      await setRetention(clinic.id, 30);
      await purgeExpiredContent(h.app.db, quietLog, { now });
      const call = await detail(delivered.body.call_log_id);
      assert.equal(call.transcript_text, null);
      assert.equal(call.full_conversation_json, null);
      const event = await eventOf();
      assert.equal(event.state, 'processed');
      assert.deepEqual(event.body, { purged: 'retention', retention_days: 30, at: '2026-12-04T12:00:00Z' });
    });
  },
  { vapi: { secret: VAPI_SECRET } },
);

describeEachDatabase(
  'the scheduled purge',
  (h) => {
    test('runs by itself every ZENICALL_RETENTION_PURGE_SECONDS', async () => {
      const clinic = await h.createClinic();
      const id = await callStarted(h, clinic.id, 100);
      const admin = await h.adminToken();
      const set = await h.call({ method: 'PUT', url: retentionUrl(clinic.id), token: admin, payload: { retention_days: 60 } });
      assert.equal(set.status, 200);
      const deadline = Date.now() + 20_000;
      let transcript: unknown = CONTENT.transcript_text;
      while (transcript !== null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        transcript = (await h.call({ method: 'GET', url: `/api/v1/call-logs/${id}`, token: admin })).body.transcript_text;
      }
      assert.equal(transcript, null, 'the scheduled purge cleared the transcript');
      assert.deepEqual(await trailOf(h, id), [purgedEntry(clinic.id, 60)]);
    });
  },
  { retentionPurgeSeconds: 1 },
);

/** `zenicall retention purge` against a real database file or MariaDB database, as an operator runs it. */
const CLI = new URL('../src/cli.ts', import.meta.url).pathname;
const run = promisify(execFile);

describe('zenicall retention purge', () => {
  const databases: { name: string; open(): Promise<{ url: string; drop(): Promise<void> }> }[] = [
    {
      name: 'sqlite',
      open: async () => {
        const dir = mkdtempSync(join(tmpdir(), 'zenicall-retention-'));
        return { url: `sqlite:${join(dir, 'zenicall.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
      },
    },
    ...(process.env.TEST_MARIADB_URL ? [{ name: 'mariadb', open: () => createThrowawayMariaDb(process.env.TEST_MARIADB_URL!) }] : []),
  ];
  for (const database of databases) {
    test(`purges and prints what it cleared [${database.name}]`, async () => {
      const opened = await database.open();
      const handle = createDatabase({ url: opened.url, poolSize: 2 });
      try {
        await prepareDatabase(handle.db);
        const db = handle.db;
        const clinicIds: number[] = [];
        for (const name of ['Purged Dental', 'Forever Dental']) {
          clinicIds.push(Number((await db.insertInto('clinics').values({ name }).executeTakeFirstOrThrow()).insertId));
        }
        await db
          .insertInto('clinic_settings')
          .values({ clinic_id: clinicIds[0]!, retention_days: 30, updated_at: '2026-01-01 00:00:00' })
          .execute();
        const insert = (clinicId: number, startedAt: string) =>
          db
            .insertInto('call_logs')
            .values({
              clinic_id: clinicId,
              external_call_id: randomUUID(),
              caller_phone_number: '+15550100000',
              call_started_at: startedAt,
              status: 'NEW',
              ...CONTENT,
            })
            .executeTakeFirstOrThrow()
            .then((result) => Number(result.insertId));
        const oldCalls = [await insert(clinicIds[0]!, '2020-01-01 09:00:00'), await insert(clinicIds[0]!, '2021-06-01 09:00:00')];
        const today = await insert(clinicIds[0]!, new Date().toISOString().slice(0, 19).replace('T', ' '));
        const forever = await insert(clinicIds[1]!, '2020-01-01 09:00:00');

        const env = { PATH: process.env.PATH!, TZ: 'Europe/Paris', DATABASE_URL: opened.url, ZENICALL_DATA_DIR: tmpdir() };
        const first = await run(process.execPath, ['--import', 'tsx', CLI, 'retention', 'purge'], { env });
        assert.equal(
          first.stdout,
          `clinic ${clinicIds[0]} (30 days): 2 calls purged\n2 calls purged in 1 clinics with a retention period\n`,
        );
        const second = await run(process.execPath, ['--import', 'tsx', CLI, 'retention', 'purge'], { env });
        assert.match(second.stdout, /^0 calls purged in 1 clinics/m);

        const transcripts = await db
          .selectFrom('call_logs')
          .select(['id', 'transcript_text', 'audio_recording_url'])
          .orderBy('id')
          .execute();
        const byId = new Map(transcripts.map((row) => [row.id, row]));
        for (const id of oldCalls) assert.deepEqual(byId.get(id), { id, transcript_text: null, audio_recording_url: null });
        assert.equal(byId.get(today)?.transcript_text, CONTENT.transcript_text);
        assert.equal(byId.get(forever)?.transcript_text, CONTENT.transcript_text);
        const entries = await db.selectFrom('call_log_activity').select(['call_log_id', 'action']).orderBy('call_log_id').execute();
        assert.deepEqual(
          entries,
          oldCalls.map((id) => ({ call_log_id: id, action: 'retention_purged' })),
        );
      } finally {
        await handle.destroy();
        await opened.drop();
      }
    });
  }
});
