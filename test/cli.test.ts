import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { after, before, describe, test } from 'node:test';
import { signIn, spawnServer, type ServerProcess } from './helpers/server-process.js';
import { VAPI_FIXTURES_DIR } from './helpers/vapi.js';

/** The operator CLI against a real server and its database: routes, simulate, replay. */
const CLI = new URL('../src/cli.ts', import.meta.url).pathname;
const run = promisify(execFile);

describe('zenicall CLI', () => {
  let server: ServerProcess;
  let url: string;
  let token: string;
  let dataDir: string;
  // The CLI works on the server's own database, as it would on the server's machine.
  const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', CLI, ...args], { env: server.env });

  before(async () => {
    server = spawnServer();
    url = await server.ready;
    dataDir = server.dataDir;
    token = await signIn(url, server.demo()!);
  });

  after(() => server.stop());

  const callsNamed = async (lastName: string) => {
    const page = (await (
      await fetch(`${url}/api/v1/call-logs/by-clinic/1?search=${encodeURIComponent(lastName)}&status[]=New`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { total: number; items: { call_started_at: string }[] };
    return page;
  };

  test('routes list and add', async () => {
    const before = await cli('routes', 'list');
    assert.match(before.stdout, /'clinic_key'.*'maple-grove-dental'/);
    const added = await cli('routes', 'add', '1', 'phone_number_id', 'pn-front-desk-1');
    assert.match(added.stdout, /phone_number_id=pn-front-desk-1 → clinic 1/);
    assert.match((await cli('routes', 'list', '1')).stdout, /pn-front-desk-1/);
    await assert.rejects(cli('routes', 'add', '1', 'phone_number_id', 'pn-front-desk-1'), /already routes to a clinic/);
    await assert.rejects(cli('routes', 'add', '1', 'phone', 'x'), /type must be one of/);
  });

  test('simulate posts a fixture as Vapi would, as a fresh call that ends now', async () => {
    const before = await callsNamed('Okafor');
    const result = await cli('simulate', new URL('01-new-patient-booking.json', VAPI_FIXTURES_DIR).pathname, '--url', url);
    assert.match(result.stdout, /: 200 \{"status":"processed"/);
    const after = await callsNamed('Okafor');
    assert.equal(after.total, before.total + 1);
    const newest = Date.parse(after.items[0]!.call_started_at);
    assert.ok(Date.now() - newest < 10 * 60_000, 'the simulated call started minutes ago');
  });

  test('webhooks replay processes unrouted deliveries once their route exists', async () => {
    const fixture = JSON.parse(readFileSync(new URL('07-unknown-reason-value.json', VAPI_FIXTURES_DIR), 'utf8'));
    fixture.message.assistant.metadata.clinicId = 'lakeshore-dental';
    delete fixture.message.phoneNumber;
    delete fixture.message.call.phoneNumberId;
    delete fixture.message.assistant.id;
    delete fixture.message.call.assistantId;
    const file = join(dataDir, 'unrouted.json');
    writeFileSync(file, JSON.stringify(fixture));
    const before = (await callsNamed("O'Brien")).total;
    assert.match((await cli('simulate', file, '--url', url)).stdout, /: 202 \{"status":"unrouted"/);
    assert.match((await cli('webhooks', 'replay', '--state', 'unrouted')).stdout, /^0 unrouted deliveries processed/m);
    await cli('routes', 'add', '1', 'clinic_key', 'lakeshore-dental');
    assert.match((await cli('webhooks', 'replay', '--state', 'unrouted')).stdout, /^1 unrouted deliveries processed/m);
    assert.equal((await callsNamed("O'Brien")).total, before + 1);
  });

  test('reconcile recomputes the counters from the calls themselves', async () => {
    const counts = async () =>
      (await (
        await fetch(`${url}/api/v1/call-logs/by-clinic/1/counts`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as Record<string, number>;
    const truth = await counts();
    // A bulk load that bypassed the triggers leaves the counters wrong.
    const sqlite = new Database(join(dataDir, 'zenicall.sqlite'));
    sqlite.prepare('UPDATE call_log_counters SET total = 0').run();
    sqlite.prepare('UPDATE call_log_versions SET version = version + 1').run();
    sqlite.close();
    // The work-queue counts come from the calls' work rows, not from the counters.
    assert.deepEqual(await counts(), { ...truth, New: 0, 'In Progress': 0, Done: 0, Archived: 0 });
    assert.match((await cli('reconcile')).stdout, /recomputed/);
    assert.deepEqual(await counts(), truth);
    assert.ok(Object.values(truth).reduce((a, b) => a + b, 0) >= 150);
  });
});
