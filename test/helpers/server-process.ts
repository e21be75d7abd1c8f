import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The real entry point (`src/server.ts`, through tsx so nothing needs building) in a process of its
 * own, with a fresh data folder and SQLite file unless the environment says otherwise. Shared by the
 * start-up, CLI, cluster and browser tests.
 */
const SERVER = new URL('../../src/server.ts', import.meta.url).pathname;

export interface ServerProcess {
  dataDir: string;
  env: Record<string, string>;
  output(): { stdout: string; stderr: string };
  exited: Promise<number | null>;
  /** Sends a signal to the server process (SIGSTOP freezes it, SIGCONT thaws it). */
  signal(signal: NodeJS.Signals): void;
  /** Resolves with `http://127.0.0.1:<port>` once the server has printed where it listens. */
  ready: Promise<string>;
  /** The demo account the server printed on its first run, if it seeded one. */
  demo(): { email: string; password: string } | undefined;
  stop(): Promise<void>;
}

/** `env` overrides the defaults; a caller that passes ZENICALL_DATA_DIR keeps that folder (restarts on the same data). */
export function spawnServer(env: Record<string, string> = {}): ServerProcess {
  const ownsDataDir = env.ZENICALL_DATA_DIR === undefined;
  const dataDir = env.ZENICALL_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'zenicall-server-'));
  const fullEnv = {
    PATH: process.env.PATH!,
    TZ: 'Europe/Paris',
    LOG_LEVEL: 'warn',
    PORT: '0',
    ZENICALL_DATA_DIR: dataDir,
    DATABASE_URL: `sqlite:${join(dataDir, 'zenicall.sqlite')}`,
    ...env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 60 s:\n${stdout}\n${stderr}`)), 60_000);
    child.stdout.on('data', () => {
      const url = /running at (http:\/\/\S+)/.exec(stdout)?.[1];
      // The banner is printed in one write; wait for all of it.
      if (url && stdout.endsWith('\n')) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
  ready.catch(() => {});
  return {
    dataDir,
    env: fullEnv,
    output: () => ({ stdout, stderr }),
    exited,
    signal: (signal) => void child.kill(signal),
    ready,
    demo() {
      const [, email, password] = /Sign in as (\S+) \/ (\S+)/.exec(stdout) ?? [];
      return email && password ? { email, password } : undefined;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(forced);
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the API and returns the bearer token. */
export async function signIn(url: string, account: { email: string; password: string }): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
