import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { spawnServer, type ServerProcess } from '../test/helpers/server-process.js';
import { launchBrowser } from './support/browser.js';
import { callRows, listSettled, openPage, rowNames, signIn, takeUncaughtPageErrors } from './support/dashboard.js';
import { emergencyCall, type DemoCall } from './support/demo-calls.js';
import { deliverCall, ZENITH_KEY } from './support/seed.js';
import { ADMIN, VAPI_SECRET } from './support/server.js';

/**
 * The "Live" badge tells the truth across a server restart: with the page open, the server is
 * stopped (SIGTERM) and started again on the same port and database. The page says it is
 * reconnecting, comes back by itself, and a call that arrives after the restart shows up without a
 * reload. The old process exits on its own: the open stream no longer keeps it alive.
 */

const ZENITH = 'Zenith Dental Center';
const HEARTBEAT_SECONDS = 2;

describe('live updates across a server restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zenicall-restart-'));
  const common = {
    ZENICALL_DEMO_DATA: 'true',
    ZENICALL_ADMIN_EMAIL: ADMIN.email,
    ZENICALL_ADMIN_PASSWORD: ADMIN.password,
    ZENICALL_VAPI_SECRET: VAPI_SECRET,
    ZENICALL_WEBHOOK_RETRY_SECONDS: '0',
    ZENICALL_STREAM_HEARTBEAT_SECONDS: String(HEARTBEAT_SECONDS),
  };
  const servers: ServerProcess[] = [];
  let browser: Browser;

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    for (const server of servers) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  afterEach(() => assert.deepEqual(takeUncaughtPageErrors(), []));

  test('the page shows "Reconnecting…", comes back by itself, and a call that arrives after the restart appears', async (t) => {
    // A data folder of the test's own, kept across the restart (the database and the token secret live there).
    const env = { ...common, ZENICALL_DATA_DIR: dataDir };
    const first = spawnServer(env);
    servers.push(first);
    const url = await first.ready;
    const demo = first.demo()!;
    const { context, page } = await openPage(browser, url);
    try {
      await signIn(page, demo, ZENITH);
      const badge = (text: string) =>
        page
          .getByRole('status')
          .filter({ hasText: new RegExp(`^${text}$`) })
          .waitFor();
      await badge('Live');
      const before = await rowNames(page);
      // Set on this document only: a reload would lose it.
      await page.evaluate(() => ((window as unknown as { e2eSameDocument: boolean }).e2eSameDocument = true));

      const stoppedAt = Date.now();
      await first.stop();
      assert.equal(await first.exited, 0, 'the old process exited by itself, not killed after holding on to its streams');
      await badge('Reconnecting…');
      t.diagnostic(`"Reconnecting…" ${Date.now() - stoppedAt} ms after SIGTERM`);

      const second = spawnServer({ ...env, PORT: new URL(url).port });
      servers.push(second);
      assert.equal(await second.ready, url);
      const restartedAt = Date.now();

      // Sent right after the restart, most likely before the page has reconnected: the page must
      // not miss it (the server cannot replay another process's events, so the page reloads its list).
      const during = emergencyCall(ZENITH_KEY, new Date(Date.now() - 60_000), 'after-restart');
      await deliverCall(url, VAPI_SECRET, during);
      await badge('Live');
      t.diagnostic(`"Live" again ${Date.now() - restartedAt} ms after the new process listened`);
      await callRows(page).filter({ hasText: 'Marie-Ève Lapointe' }).waitFor();
      await listSettled(page);
      const names = await rowNames(page);
      assert.deepEqual(names, ['Marie-Ève Lapointe', ...before].slice(0, names.length));

      // And the stream is really open again: the next call comes as a live event, announced.
      const next: DemoCall = {
        ...during,
        callId: 'e2e-restart-routine',
        firstName: 'Nora',
        lastName: 'Haddad',
        phone: '+16475550182',
        reason: 'new_appointment',
        startedAt: new Date(Date.now() - 30_000),
      };
      await deliverCall(url, VAPI_SECRET, next);
      await page.getByRole('status').filter({ hasText: 'New call from Nora Haddad' }).waitFor();
      await callRows(page).filter({ hasText: 'Nora Haddad' }).waitFor();

      assert.equal(
        await page.evaluate(() => (window as unknown as { e2eSameDocument?: boolean }).e2eSameDocument),
        true,
        'the page never reloaded',
      );
    } finally {
      await context.close();
    }
  });

  test('a server that stops answering without closing the connection is shown as "Reconnecting…" once heartbeats are missed', async (t) => {
    const server = spawnServer(common);
    servers.push(server);
    const url = await server.ready;
    const { context, page } = await openPage(browser, url);
    try {
      await signIn(page, server.demo()!, ZENITH);
      const badge = (text: string, timeout?: number) =>
        page
          .getByRole('status')
          .filter({ hasText: new RegExp(`^${text}$`) })
          .waitFor({ timeout });
      await badge('Live');
      // Frozen, the process keeps its sockets open: only the missing heartbeats tell.
      server.signal('SIGSTOP');
      const frozenAt = Date.now();
      try {
        await badge('Reconnecting…', 4 * HEARTBEAT_SECONDS * 1000 + 10_000);
        t.diagnostic(`"Reconnecting…" ${Date.now() - frozenAt} ms after the server froze (heartbeat every ${HEARTBEAT_SECONDS} s)`);
      } finally {
        server.signal('SIGCONT');
      }
      await badge('Live');
    } finally {
      await context.close();
    }
  });
});
