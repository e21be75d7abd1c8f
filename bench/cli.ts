import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { createDatabase } from '../src/db/create-db.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { defaultLoadTool } from './load.js';
import { runBenchmark } from './run.js';
import { seedBenchmark, seedWorkQueue } from './seed.js';
import { runSmoke } from './smoke.js';

/**
 * `npm run bench -- seed|run|smoke`: fill a database with a realistic clinic group, then measure a
 * running server against it. See docs/performance.md for the method and the figures.
 */
const USAGE = `Usage: npm run bench -- <command>
  seed [--calls 1000000] [--clinics 100] [--large 250000] [--seed 42] [--batch 1000] [--writers 3]
        fill DATABASE_URL (SQLite or MariaDB; call_logs must be empty)
  seed-work
        on a database seeded before: assign the bench admin's share of calls and set due times (idempotent)
  run  [--url http://127.0.0.1:8000] [--duration 10] [--warmup 3] [--connections 16]
       [--workloads W1,W2,…] [--vapi-secret S] [--pid SERVER_PID] [--out bench/results/<time>.json]
        measure a running server seeded by \`seed\`
  smoke [--calls 20000] [--duration 2]
        seed a throwaway SQLite database, start the server, run every workload briefly (CI)`;

const [command, ...args] = process.argv.slice(2);
const number = (value: string | undefined, name: string) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a number`);
  return parsed;
};

if (command === 'seed') {
  const { values } = parseArgs({
    args,
    options: {
      calls: { type: 'string', default: '1000000' },
      clinics: { type: 'string', default: '100' },
      large: { type: 'string', default: '250000' },
      seed: { type: 'string', default: '42' },
      batch: { type: 'string', default: '1000' },
      writers: { type: 'string', default: '3' },
    },
  });
  const config = loadConfig(process.env);
  const writers = Math.max(1, number(values.writers, 'writers'));
  const database = createDatabase({ url: config.databaseUrl, poolSize: writers + 1 });
  try {
    await migrateToLatest(database.db);
    await seedBenchmark(database.db, {
      calls: number(values.calls, 'calls'),
      clinics: Math.max(2, number(values.clinics, 'clinics')),
      large: number(values.large, 'large'),
      seed: number(values.seed, 'seed'),
      batch: Math.max(1, number(values.batch, 'batch')),
      writers,
    });
  } finally {
    await database.destroy();
  }
} else if (command === 'seed-work') {
  const database = createDatabase({ url: loadConfig(process.env).databaseUrl });
  try {
    // A database seeded before the work queue gets its rows from the migration's backfill here.
    await migrateToLatest(database.db);
    await seedWorkQueue(database.db);
  } finally {
    await database.destroy();
  }
} else if (command === 'run') {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:8000' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '16' },
      workloads: { type: 'string' },
      'vapi-secret': { type: 'string' },
      pid: { type: 'string' },
      out: { type: 'string' },
      tool: { type: 'string' },
    },
  });
  const tool = values.tool ?? defaultLoadTool();
  if (tool !== 'wrk' && tool !== 'autocannon') throw new Error('--tool must be wrk or autocannon');
  const config = loadConfig(process.env);
  await runBenchmark({
    url: values.url,
    duration: number(values.duration, 'duration'),
    warmup: number(values.warmup, 'warmup'),
    connections: number(values.connections, 'connections'),
    workloads: values.workloads?.split(',').map((w) => w.trim().toUpperCase()),
    vapiSecret: values['vapi-secret'] ?? config.vapi.secret,
    dataDir: config.dataDir,
    pid: values.pid ? number(values.pid, 'pid') : undefined,
    out: values.out,
    tool,
  });
} else if (command === 'smoke') {
  const { values } = parseArgs({
    args,
    options: { calls: { type: 'string', default: '20000' }, duration: { type: 'string', default: '2' } },
  });
  await runSmoke({ calls: number(values.calls, 'calls'), duration: number(values.duration, 'duration') });
} else {
  console.log(USAGE);
  process.exitCode = command === undefined || command === 'help' ? 0 : 2;
}
