import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

/**
 * A second, throwaway MariaDB server that a test may kill, freeze and restart: its own data folder,
 * port and socket, root without a password (`--skip-grant-tables`), and small buffers (about 50 MB
 * resident). The shared server on 3306 is never touched. Killed with the test process, whatever
 * happens: an `exit` hook SIGKILLs it, and `stop()` removes its data folder.
 */
const MARIADBD = ['/usr/sbin/mariadbd', '/usr/local/sbin/mariadbd', '/usr/bin/mariadbd'].find((path) => existsSync(path));
const INSTALL_DB = ['/usr/bin/mariadb-install-db', '/usr/local/bin/mariadb-install-db'].find((path) => existsSync(path));

/** Why this machine cannot run a second MariaDB, or undefined when it can. */
export const mariadbUnavailable: string | undefined =
  MARIADBD && INSTALL_DB ? undefined : 'mariadbd or mariadb-install-db is not installed: the database outage tests need them';

const SMALL = [
  '--innodb-buffer-pool-size=32M',
  '--innodb-log-file-size=4M',
  '--innodb-log-buffer-size=1M',
  '--key-buffer-size=1M',
  '--aria-pagecache-buffer-size=1M',
  '--performance-schema=OFF',
  '--max-connections=60',
  '--skip-log-bin',
  '--skip-name-resolve',
];

export interface MariaDbInstance {
  /** `mysql://root@127.0.0.1:<port>/` (add a database name to the path). */
  readonly url: string;
  readonly port: number;
  /** A new empty database on this server; returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** SIGKILL, as a crash or an OOM kill would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGSTOP: the server holds its connections but answers nothing, like a hung host. */
  freeze(): void;
  /** SIGCONT after `freeze`. */
  thaw(): void;
  /** Starts the server again on the same data folder and port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Kills the server and removes its data folder. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startMariaDbInstance(): Promise<MariaDbInstance> {
  if (mariadbUnavailable) throw new Error(mariadbUnavailable);
  const dir = mkdtempSync(join(tmpdir(), 'zenicall-mariadb-'));
  const dataDir = join(dir, 'data');
  const install = spawnSync(
    INSTALL_DB!,
    [
      '--no-defaults',
      `--datadir=${dataDir}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--user=' + (process.getuid?.() === 0 ? 'root' : (process.env.USER ?? 'root')),
      ...SMALL,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (install.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed:\n${install.stdout}\n${install.stderr}`);
  }
  const port = await freePort();
  const url = `mysql://root@127.0.0.1:${port}/`;
  let child: ChildProcess | undefined;
  let log = '';

  const spawnServer = async () => {
    const server = spawn(
      MARIADBD!,
      [
        '--no-defaults',
        `--datadir=${dataDir}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(dir, 'mariadb.sock')}`,
        `--pid-file=${join(dir, 'mariadb.pid')}`,
        ...(process.getuid?.() === 0 ? ['--user=root'] : []),
        '--skip-grant-tables',
        ...SMALL,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child = server;
    running.add(server);
    server.stderr.on('data', (chunk) => (log = (log + String(chunk)).slice(-20_000)));
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    void exited.then(() => running.delete(server));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null || server.signalCode !== null) throw new Error(`mariadbd exited while starting:\n${log}`);
      try {
        const connection = await createConnection({ uri: url, connectTimeout: 1000 });
        await connection.end();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`mariadbd did not accept connections within 60 s: ${String(error)}\n${log}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };

  const kill = async () => {
    const server = child;
    child = undefined;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    await exited;
  };

  const instance: MariaDbInstance = {
    url,
    port,
    async createDatabase(name) {
      const connection = await createConnection({ uri: url });
      try {
        await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      } finally {
        await connection.end();
      }
      return `${url}${name}`;
    },
    kill,
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    start: spawnServer,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await spawnServer();
  } catch (error) {
    await instance.stop();
    throw error;
  }
  return instance;
}
