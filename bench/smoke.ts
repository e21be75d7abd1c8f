import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '../src/db/create-db.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { defaultLoadTool } from './load.js';
import { runBenchmark } from './run.js';
import { seedBenchmark } from './seed.js';

/**
 * The benchmark in miniature, so it cannot rot: a throwaway SQLite database with `calls` calls, the
 * real server on a free port, every workload for a few seconds. Fails on any error or non-2xx
 * answer; the speed targets apply to the full benchmark only.
 */
export async function runSmoke({ calls, duration }: { calls: number; duration: number }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zenicall-bench-'));
  const databaseUrl = `sqlite:${join(dir, 'bench.sqlite')}`;
  const vapiSecret = 'bench-smoke-vapi-secret';
  const database = createDatabase({ url: databaseUrl });
  await migrateToLatest(database.db);
  await seedBenchmark(database.db, { calls, clinics: 20, large: Math.round(calls / 4), seed: 7, batch: 1000, writers: 1 });
  await database.destroy();

  const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      ZENICALL_DATA_DIR: dir,
      PORT: '0',
      LOG_LEVEL: 'warn',
      ZENICALL_VAPI_SECRET: vapiSecret,
      ZENICALL_DEMO_DATA: 'false',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      server.stdout.on('data', (chunk) => {
        output += chunk;
        const found = /running at (http:\/\/\S+)/.exec(output)?.[1];
        if (found) resolve(found);
      });
      server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const results = await runBenchmark({
      url,
      duration,
      warmup: 1,
      connections: 16,
      vapiSecret,
      dataDir: dir,
      pid: server.pid,
      out: join(dir, 'results.json'),
      tool: defaultLoadTool(),
    });
    const failed = results.filter((r) => r.non2xx > 0 || r.errors > 0 || r.rps === 0);
    if (failed.length > 0)
      throw new Error(`benchmark smoke failed: ${failed.map((r) => `${r.id} (${r.non2xx} non-2xx, ${r.errors} errors)`).join(', ')}`);
    console.log(`benchmark smoke: ${results.length} workloads answered without errors`);
  } finally {
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
