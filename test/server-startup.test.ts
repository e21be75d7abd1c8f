import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

/** The real entry point, as `npm start` runs it: configuration, first-run demo, restart. */
const SERVER = new URL('../src/server.ts', import.meta.url).pathname;

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: { PATH: process.env.PATH!, TZ: 'Europe/Paris', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const url = /running at (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) resolve(url);
    });
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  return { child, ready, exited, output: () => ({ stdout, stderr }) };
}

describe('starting the server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zenicall-start-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { ZENICALL_DATA_DIR: dataDir, DATABASE_URL: `sqlite:${join(dataDir, 'zenicall.sqlite')}`, PORT: '0' };

  test('a first run seeds the demo clinic, prints how to sign in, and serves it', async () => {
    const server = startServer(env);
    try {
      const url = await server.ready;
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { stdout } = server.output();
      const [, email, password] = /Sign in as (\S+) \/ (\S+)/.exec(stdout) ?? [];
      assert.ok(email && password, stdout);
      assert.match(stdout, /x-vapi-secret: \S{20,}/);
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      const { access_token } = (await login.json()) as { access_token: string };
      const me = (await (await fetch(`${url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${access_token}` } })).json()) as any;
      assert.deepEqual(me.clinics.map((c: { name: string }) => c.name), ['Zenith Dental Center']);
      const page = (await (
        await fetch(`${url}/api/v1/call-logs/by-clinic/${me.clinics[0].id}?limit=100`, {
          headers: { authorization: `Bearer ${access_token}` },
        })
      ).json()) as any;
      assert.equal(page.total, 150);
      assert.ok(page.items.every((item: { call_started_at: string }) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(item.call_started_at)));
      const reasons = new Set(page.items.map((item: { reason_for_call: string }) => item.reason_for_call));
      assert.ok(reasons.has('Emergency') && reasons.has('New Appointment'), [...reasons].join());
      const docs = await fetch(`${url}/openapi.json`);
      assert.equal(docs.status, 200);
    } finally {
      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0);
    }
  });

  test('a restart keeps the data and the sign-in, and seeds nothing twice', async () => {
    const server = startServer(env);
    try {
      await server.ready;
      assert.doesNotMatch(server.output().stdout, /Demo clinic/);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  for (const [name, badEnv, message] of [
    ['a port that is not a number', { PORT: 'eighty' }, /^Zenicall cannot start: Invalid PORT/],
    ['an unknown database scheme', { DATABASE_URL: 'postgres://x' }, /^Zenicall cannot start: Invalid DATABASE_URL/],
    ['production without a JWT secret', { NODE_ENV: 'production' }, /^Zenicall cannot start: JWT_SECRET is required/],
    ['an admin e-mail without a password', { ZENICALL_ADMIN_EMAIL: 'a@b.example' }, /ZENICALL_ADMIN_PASSWORD/],
  ] as const) {
    test(`bad configuration stops start-up with one clear line: ${name}`, async () => {
      const server = startServer({ ...env, ...badEnv });
      server.ready.catch(() => {});
      assert.equal(await server.exited, 1);
      const lines = server.output().stderr.trim().split('\n');
      assert.equal(lines.length, 1, server.output().stderr);
      assert.match(lines[0]!, message);
    });
  }
});
