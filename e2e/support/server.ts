import { spawnServer } from '../../test/helpers/server-process.js';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.js';

export const ADMIN = { email: 'admin@zenicall.example', password: 'e2e-admin-password' };
export const VAPI_SECRET = 'e2e-vapi-shared-secret';

export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The demo front-desk account the server printed on its first run. */
  demo: { email: string; password: string };
  admin: typeof ADMIN;
  vapiSecret: string;
  stop(): Promise<void>;
}

/**
 * A Zenicall server of its own for one test file: a fresh data folder and SQLite file, the demo
 * clinic seeded (the "seeded data" of the tests), an administrator and a Vapi secret. Resolves once
 * the server has printed where it listens and how to sign in.
 */
export async function startServer(): Promise<RunningServer> {
  const server = spawnServer({
    ZENICALL_DEMO_DATA: 'true',
    ZENICALL_ADMIN_EMAIL: ADMIN.email,
    ZENICALL_ADMIN_PASSWORD: ADMIN.password,
    ZENICALL_VAPI_SECRET: VAPI_SECRET,
    ZENICALL_WEBHOOK_RETRY_SECONDS: '0',
  });
  try {
    const url = await server.ready;
    const demo = server.demo();
    if (!demo) throw new Error(`the server seeded no demo:\n${server.output().stdout}`);
    return { url, demo, admin: ADMIN, vapiSecret: VAPI_SECRET, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * The file's server and browser, started side by side. If either fails to start, the other is
 * stopped before the error is thrown: an orphaned server would keep the test process alive forever.
 */
export async function startServerAndBrowser(): Promise<[RunningServer, Browser]> {
  const [server, browser] = await Promise.allSettled([startServer(), launchBrowser()]);
  if (server.status === 'fulfilled' && browser.status === 'fulfilled') return [server.value, browser.value];
  if (server.status === 'fulfilled') await server.value.stop();
  if (browser.status === 'fulfilled') await browser.value.close();
  throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
}
