import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { signIn, spawnServer } from './helpers/server-process.js';

/** The real entry point, as `npm start` runs it: configuration, first-run demo, restart. */
describe('starting the server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zenicall-start-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { ZENICALL_DATA_DIR: dataDir, DATABASE_URL: `sqlite:${join(dataDir, 'zenicall.sqlite')}`, PORT: '0' };

  test('a first run seeds the demo clinic, prints how to sign in, and serves it', async () => {
    const server = spawnServer(env);
    try {
      const url = await server.ready;
      const demo = server.demo();
      assert.ok(demo, server.output().stdout);
      assert.match(server.output().stdout, /x-vapi-secret: \S{20,}/);
      const access_token = await signIn(url, demo);
      const me = await (await fetch(`${url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${access_token}` } })).json();
      assert.deepEqual(
        me.clinics.map((c: { name: string }) => c.name),
        ['Zenith Dental Center'],
      );
      const page = await (
        await fetch(`${url}/api/v1/call-logs/by-clinic/${me.clinics[0].id}?limit=100`, {
          headers: { authorization: `Bearer ${access_token}` },
        })
      ).json();
      assert.equal(page.total, 150);
      assert.ok(page.items.every((item: { call_started_at: string }) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(item.call_started_at)));
      const reasons = new Set(page.items.map((item: { reason_for_call: string }) => item.reason_for_call));
      assert.ok(reasons.has('Emergency') && reasons.has('New Appointment'), [...reasons].join());
      // The demo's open calls are scheduled as ingestion would: the work queue has calls due.
      const open = await (
        await fetch(`${url}/api/v1/call-logs/by-clinic/${me.clinics[0].id}?limit=100&status[]=New&status[]=In%20Progress`, {
          headers: { authorization: `Bearer ${access_token}` },
        })
      ).json();
      assert.ok(open.total > 0);
      assert.ok(
        open.items.every((item: { callback_due_at: string | null }) => item.callback_due_at !== null),
        'every open demo call has a due time',
      );
      const urgent = open.items.filter((item: { reason_for_call: string }) => item.reason_for_call === 'Emergency');
      assert.ok(urgent.length > 0 && urgent.every((item: { priority: string }) => item.priority === 'Urgent'));
      const docs = await fetch(`${url}/openapi.json`);
      assert.equal(docs.status, 200);
    } finally {
      await server.stop();
      assert.equal(await server.exited, 0);
    }
  });

  test('a restart keeps the data and the sign-in, and seeds nothing twice', async () => {
    const server = spawnServer(env);
    try {
      await server.ready;
      assert.doesNotMatch(server.output().stdout, /Demo clinic/);
    } finally {
      await server.stop();
    }
  });

  for (const [name, badEnv, message] of [
    ['a port that is not a number', { PORT: 'eighty' }, /^Zenicall cannot start: Invalid PORT/],
    ['an unknown database scheme', { DATABASE_URL: 'postgres://x' }, /^Zenicall cannot start: Invalid DATABASE_URL/],
    ['production without a JWT secret', { NODE_ENV: 'production' }, /^Zenicall cannot start: JWT_SECRET is required/],
    ['an admin e-mail without a password', { ZENICALL_ADMIN_EMAIL: 'a@b.example' }, /ZENICALL_ADMIN_PASSWORD/],
  ] as const) {
    test(`bad configuration stops start-up with one clear line: ${name}`, async () => {
      const server = spawnServer({ ...env, ...badEnv });
      assert.equal(await server.exited, 1);
      const lines = server.output().stderr.trim().split('\n');
      assert.equal(lines.length, 1, server.output().stderr);
      assert.match(lines[0]!, message);
    });
  }
});
