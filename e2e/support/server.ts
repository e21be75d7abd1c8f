import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The real entry point, started the way `npm start` starts it (through tsx, so no build is needed). */
const SERVER = new URL('../../src/server.ts', import.meta.url).pathname;

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
  const dataDir = mkdtempSync(join(tmpdir(), 'zenicall-e2e-'));
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: {
      PATH: process.env.PATH!,
      TZ: 'Europe/Paris',
      LOG_LEVEL: 'warn',
      PORT: '0',
      ZENICALL_DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${join(dataDir, 'zenicall.sqlite')}`,
      ZENICALL_DEMO_DATA: 'true',
      ZENICALL_ADMIN_EMAIL: ADMIN.email,
      ZENICALL_ADMIN_PASSWORD: ADMIN.password,
      ZENICALL_VAPI_SECRET: VAPI_SECRET,
      ZENICALL_WEBHOOK_RETRY_SECONDS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(forced);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const started = await new Promise<{ url: string; email: string; password: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start within 30 s:\n${stdout}\n${stderr}`)), 30_000);
      child.stdout.on('data', () => {
        const url = /running at (http:\/\/\S+)/.exec(stdout)?.[1];
        const [, email, password] = /Sign in as (\S+) \/ (\S+)/.exec(stdout) ?? [];
        if (url && email && password) {
          clearTimeout(timer);
          resolve({ url, email, password });
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited with ${code}:\n${stdout}\n${stderr}`));
      });
    });
    return { url: started.url, demo: { email: started.email, password: started.password }, admin: ADMIN, vapiSecret: VAPI_SECRET, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
