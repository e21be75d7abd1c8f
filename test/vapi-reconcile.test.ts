import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildApp, type AppConfig } from '../src/app.js';
import { describeEachDatabase, testConfig, type Harness } from './helpers/harness.js';
import {
  VAPI_SECRET,
  assertMatchesExpected,
  countRows,
  postVapi,
  readExpected,
  readFixture,
  seedRoutedClinics,
  storedCallLog,
} from './helpers/vapi.js';
import { callsUpdatedBetween, type VapiApiSettings } from '../src/modules/vapi-reconcile/api-client.js';
import { callFromFixture, callInProgress, startVapiApi, type VapiCall } from './helpers/vapi-api.js';

/**
 * The reconciler: calls Vapi ended whose end-of-call report never reached Zenicall are fetched
 * from Vapi's API (a local stand-in here) and ingested through the webhook's own pipeline, by the
 * CLI (`zenicall reconcile-vapi`) and by the server on its schedule.
 */
const vapi = await startVapiApi();
after(() => vapi.close());

const CLI = new URL('../src/cli.ts', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'zenicall-reconcile-'));

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `zenicall reconcile-vapi …` in its own process, on `databaseUrl`, as an operator would run it. */
function reconcileVapi(databaseUrl: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const fullEnv = {
    PATH: process.env.PATH!,
    TZ: 'Europe/Paris',
    DATABASE_URL: databaseUrl,
    ZENICALL_DATA_DIR: dataDir,
    ZENICALL_VAPI_API_KEY: vapi.apiKey,
    ZENICALL_VAPI_API_URL: vapi.url,
    ...env,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, 'reconcile-vapi', ...args], { env: fullEnv }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

const expected = readExpected();
const expectedRow = (file: string) => expected.cases.find((c) => c.file === file)!;

/** A call whose clinic key has no route yet (and no phone number or assistant that would route it). */
function unroutedCall(): VapiCall {
  const call = callFromFixture('07-unknown-reason-value.json', { endedMinutesAgo: 60 });
  delete call.phoneNumberId;
  delete call.assistantId;
  return { ...call, assistantOverrides: { metadata: { clinicId: 'lakeshore-dental' } } };
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function countCallLogs(h: Harness, ids: string[]): Promise<number> {
  const row = await h.database.db
    .selectFrom('call_logs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('external_call_id', 'in', ids)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describeEachDatabase(
  'Vapi reconciler',
  (h) => {
    let clinics: Record<string, number>;
    const run = (args: string[], env?: Record<string, string>) => reconcileVapi(h.databaseUrl, args, env);

    before(async () => {
      clinics = await seedRoutedClinics(h, expected.clinic_seed);
    });

    test('calls that never arrived are ingested as their webhook would have stored them; the rest are left alone, and a second run ingests nothing', async () => {
      vapi.reset();
      const booking = callFromFixture('01-new-patient-booking.json');
      const french = callFromFixture('06-french-caller.json');
      const delivered = callFromFixture('04-emergency-toothache.json');
      const inProgress = callInProgress();
      const justEnded = callFromFixture('03-reschedule.json', { endedMinutesAgo: 1 });
      const unrouted = unroutedCall();
      // Made with a saved assistant whose metadata names the clinic; no registered number or assistant id.
      const byClinicKey = {
        ...callFromFixture('02-cancellation.json', { endedMinutesAgo: 45 }),
        phoneNumberId: 'pn-not-registered',
        assistantId: 'asst-plateau-overflow',
      };
      vapi.assistants['asst-plateau-overflow'] = {
        id: 'asst-plateau-overflow',
        name: 'Plateau overflow',
        metadata: { clinicId: 'clinique-plateau' },
      };
      vapi.calls.push(booking, french, delivered, inProgress, justEnded, unrouted, byClinicKey);
      assert.equal((await postVapi(h, readFixture('04-emergency-toothache.json'))).status, 200);

      const first = await run(['--since', '2026-10-01T00:00:00Z']);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /fetched 7, already present 1, ingested 3, unrouted 1, failed 0, not yet ended 2\n/);
      assert.equal(vapi.requests[0]!.get('updatedAtGe'), '2026-10-01T00:00:00.000Z');
      assert.equal(vapi.requests[0]!.get('limit'), '100');

      // Stored exactly as the fixtures' webhook deliveries are: same adapter, same normalisation.
      for (const [call, file] of [
        [booking, '01-new-patient-booking.json'],
        [french, '06-french-caller.json'],
      ] as const) {
        const want = expectedRow(file);
        const row = await storedCallLog(h, call.id);
        assert.ok(row, `${file} was ingested`);
        assert.equal(row.clinic_id, clinics[want.clinic!]);
        assertMatchesExpected(assert, row, want.call_log!, file);
      }
      // Routed by the clinic key in its saved assistant's metadata, as its webhook would have been.
      assert.equal((await storedCallLog(h, byClinicKey.id))?.clinic_id, clinics['clinique-plateau']);
      // What the front desk sees: the missed booking in Maple Grove's call log.
      const token = await h.adminToken();
      const list = await h.call({
        method: 'GET',
        url: `/api/v1/call-logs/by-clinic/${clinics['maple-grove-dental']}?search=Okafor`,
        token,
      });
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.items.map((item: { caller_last_name: string; status: string }) => [item.caller_last_name, item.status]),
        [['Okafor', 'New']],
      );

      // The delivered call is neither duplicated nor written to the inbox again.
      assert.equal(await countRows(h, 'call_logs', delivered.id), 1);
      assert.equal(await countRows(h, 'webhook_events', delivered.id), 1);
      // Unfinished and just-ended calls are left to their webhook.
      for (const call of [inProgress, justEnded]) {
        assert.equal(await countRows(h, 'call_logs', call.id), 0);
        assert.equal(await countRows(h, 'webhook_events', call.id), 0);
      }
      // The unrouted one waits in the inbox like an unrouted delivery, saying why.
      const inbox = await h.call({ method: 'GET', url: '/api/v1/webhook-events?state[]=unrouted&provider=vapi', token });
      const waiting = inbox.body.items.filter((item: { external_call_id: string }) => item.external_call_id === unrouted.id);
      assert.deepEqual(
        waiting.map((item: { state: string; message_type: string; error: string }) => [item.state, item.message_type, item.error]),
        [['unrouted', 'end-of-call-report', 'No clinic route matches (clinic_key=lakeshore-dental).']],
      );

      const [logs, events] = [await countRows(h, 'call_logs'), await countRows(h, 'webhook_events')];
      const second = await run(['--since', '2026-10-01T00:00:00Z']);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /fetched 7, already present 5, ingested 0, unrouted 0, failed 0, not yet ended 2\n/);
      assert.deepEqual([await countRows(h, 'call_logs'), await countRows(h, 'webhook_events')], [logs, events]);
    });

    test('--since takes a duration back from now', async () => {
      vapi.reset();
      const recent = callFromFixture('02-cancellation.json', { endedMinutesAgo: 3 * 60 });
      const older = callFromFixture('05-hangup-early.json', { endedMinutesAgo: 30 * 60 });
      vapi.calls.push(recent, older);
      const result = await run(['--since', '24h']);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /fetched 1, already present 0, ingested 1, unrouted 0, failed 0, not yet ended 0\n/);
      const since = Date.parse(vapi.requests[0]!.get('updatedAtGe')!);
      assert.ok(Math.abs(since - (Date.now() - 24 * 3_600_000)) < 5 * 60_000, `updatedAtGe ${vapi.requests[0]!.get('updatedAtGe')}`);
      assert.deepEqual([await countRows(h, 'call_logs', recent.id), await countRows(h, 'call_logs', older.id)], [1, 0]);
    });

    test('a listing longer than a page is read whole, and one that fails half-way ingests nothing', async () => {
      vapi.reset();
      const calls = Array.from({ length: 130 }, (_, i) => callFromFixture('05-hangup-early.json', { endedMinutesAgo: 10 + i }));
      vapi.calls.push(...calls);
      const ids = calls.map((call) => call.id);

      // The first page (100 calls) arrives, the next request fails: nothing may be ingested.
      vapi.failFrom(2, 500);
      const failed = await run(['--since', '24h']);
      assert.equal(failed.code, 1);
      assert.match(
        failed.stderr,
        /^zenicall: Vapi failed to answer \(HTTP 500: Internal server error\); nothing was ingested, try again later\.\n$/,
      );
      assert.equal(await countCallLogs(h, ids), 0);

      vapi.stopFailing();
      const requestsBefore = vapi.requests.length;
      const complete = await run(['--since', '24h']);
      assert.equal(complete.code, 0, complete.stderr);
      assert.match(complete.stdout, /fetched 130, already present 0, ingested 130, unrouted 0, failed 0, not yet ended 0\n/);
      assert.equal(await countCallLogs(h, ids), 130);
      const requests = vapi.requests.slice(requestsBefore);
      assert.ok(requests.length > 1, 'a full page made the reconciler ask again');
      assert.ok(requests.every((query) => query.get('limit') === '100'));
    });

    test('a wrong key or an unreachable API is reported clearly and ingests nothing', async () => {
      vapi.reset();
      const missed = callFromFixture('02-cancellation.json', { endedMinutesAgo: 30 });
      vapi.calls.push(missed);

      const wrongKey = await run(['--since', '24h'], { ZENICALL_VAPI_API_KEY: 'not-the-private-key' });
      assert.equal(wrongKey.code, 1);
      assert.equal(
        wrongKey.stderr,
        "zenicall: Vapi refused the API key (HTTP 401: Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.): ZENICALL_VAPI_API_KEY must be the organisation's private API key.\n",
      );
      assert.equal(wrongKey.stdout, '');

      const port = await closedPort();
      const unreachable = await run(['--since', '24h'], { ZENICALL_VAPI_API_URL: `http://127.0.0.1:${port}` });
      assert.equal(unreachable.code, 1);
      assert.equal(
        unreachable.stderr,
        `zenicall: Could not reach Vapi at http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}.\n`,
      );
      assert.equal(await countRows(h, 'call_logs', missed.id), 0);
      assert.equal(await countRows(h, 'webhook_events', missed.id), 0);
    });

    /** Builds a server process on this suite's database with the reconciler configured; `lines` collects its log. */
    async function serverWith(apiKey: string, options: { backgroundJobs?: boolean } = {}) {
      const lines: string[] = [];
      const config = testConfig(h.databaseUrl, {
        logLevel: 'info',
        vapiApi: { apiKey, url: vapi.url, reconcileMinutes: 15, lookbackHours: 24 },
      } satisfies Partial<AppConfig>);
      const app = await buildApp(config, {
        database: h.database,
        migrate: false,
        logStream: { write: (line) => void lines.push(line) },
        ...options,
      });
      await app.ready();
      /** The reconciler's log entry, once its first run has finished. */
      const reconciliation = async () => {
        const deadline = Date.now() + 30_000;
        for (;;) {
          const line = lines.find((text) => text.includes('Vapi reconciliation'));
          if (line !== undefined) return JSON.parse(line) as Record<string, unknown>;
          if (Date.now() > deadline) throw new Error(`no reconciliation logged:\n${lines.join('')}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };
      return { app, lines, reconciliation };
    }

    test('the server reconciles on its own, only in the process that runs the background jobs', async () => {
      vapi.reset();
      const missed = callFromFixture('03-reschedule.json', { endedMinutesAgo: 20 });
      vapi.calls.push(missed);

      const otherWorker = await serverWith(vapi.apiKey, { backgroundJobs: false });
      await otherWorker.app.close();
      assert.equal(vapi.requests.length, 0);

      const jobsWorker = await serverWith(vapi.apiKey);
      try {
        const logged = await jobsWorker.reconciliation();
        assert.equal(logged.msg, 'Vapi reconciliation: fetched 1, already present 0, ingested 1, unrouted 0, failed 0, not yet ended 0');
        assert.equal(logged.level, 30);
      } finally {
        await jobsWorker.app.close();
      }
      assert.equal(vapi.requests.length, 1);
      // What the front desk sees.
      const token = await h.adminToken();
      const page = await h.call({
        method: 'GET',
        url: `/api/v1/call-logs/by-clinic/${clinics['maple-grove-dental']}?search=Ortega`,
        token,
      });
      assert.deepEqual(
        page.body.items.map((item: { caller_last_name: string; status: string }) => [item.caller_last_name, item.status]),
        [['Ortega', 'New']],
      );
    });

    test('a scheduled run Vapi refuses is one clear error line, without a stack, and ingests nothing', async () => {
      vapi.reset();
      const missed = callFromFixture('02-cancellation.json', { endedMinutesAgo: 30 });
      vapi.calls.push(missed);
      const server = await serverWith('not-the-private-key');
      try {
        const logged = await server.reconciliation();
        assert.equal(logged.level, 50);
        assert.equal(
          logged.msg,
          "Vapi reconciliation failed: Vapi refused the API key (HTTP 401: Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.): ZENICALL_VAPI_API_KEY must be the organisation's private API key.",
        );
        assert.equal(logged.err, undefined);
      } finally {
        await server.app.close();
      }
      assert.equal(await countRows(h, 'call_logs', missed.id), 0);
    });
  },
  { vapi: { secret: VAPI_SECRET } },
  { sqliteOnDisk: true },
);

describe('Vapi API client', () => {
  const settings = () => ({ apiKey: vapi.apiKey, url: vapi.url, timeoutMs: 300 });
  const listAll = async (api: VapiApiSettings) => {
    const calls = [];
    for await (const page of callsUpdatedBetween(api, new Date(Date.now() - 3_600_000), new Date())) calls.push(...page);
    return calls;
  };

  test('a request Vapi never answers times out with a clear error', async () => {
    vapi.reset();
    vapi.failFrom(1, 'never');
    await assert.rejects(listAll(settings()), {
      name: 'VapiApiError',
      message: `Vapi did not answer GET /call at ${vapi.url} within 0.3 s.`,
    });
  });
});

describe('zenicall reconcile-vapi, misused', () => {
  const database = `sqlite:${join(dataDir, 'unused.sqlite')}`;

  test('without an API key it says which variable to set', async () => {
    const result = await reconcileVapi(database, [], { ZENICALL_VAPI_API_KEY: '' });
    assert.deepEqual(result, {
      code: 2,
      stdout: '',
      stderr: "zenicall: reconcile-vapi needs ZENICALL_VAPI_API_KEY (the Vapi organisation's private API key)\n",
    });
  });

  test('--since must be a date or a duration', async () => {
    const result = await reconcileVapi(database, ['--since', 'yesterday']);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      'zenicall: --since must be an ISO date (2026-12-01T08:00:00Z) or a duration (24h, 90m, 7d); got "yesterday"\n',
    );
  });
});
