import cluster from 'node:cluster';
import { buildApp, type AppConfig } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createDatabase } from './db/create-db.js';
import { relayClusterEvents } from './modules/call-logs/live-updates.js';
import { servePresenceToWorkers } from './modules/presence/store.js';
import { serveClusterMetrics } from './plugins/metrics.js';
import { prepareDatabase, type DemoAccount } from './prepare-database.js';
import { loadOrCreateSecret } from './secrets.js';

/**
 * The entry point: configuration, secrets, schema and first-run demo, then one server process, or
 * ZENICALL_WORKERS of them behind node:cluster's shared port.
 */
function loadConfigOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Zenicall cannot start: ${error.message}`);
    process.exit(1);
  }
}

/** Secrets that outside production are generated once and kept in the data folder. */
function resolveSecrets(config: Config): { config: AppConfig; devVapiSecret?: string } {
  const jwtSecret = config.jwtSecret ?? loadOrCreateSecret(config.dataDir, 'jwt-secret').value;
  // Outside production the Vapi webhook works out of the box with a generated secret (printed below).
  const devVapiSecret =
    config.env !== 'production' && !config.vapi.secret && !config.vapi.hmacSecret
      ? loadOrCreateSecret(config.dataDir, 'vapi-secret').value
      : undefined;
  const vapi = devVapiSecret ? { ...config.vapi, secret: devVapiSecret } : config.vapi;
  return { config: { ...config, jwtSecret, vapi }, devVapiSecret };
}

/** Schema, administrator and demo, once, before any process serves a request. */
async function prepareOnce(config: AppConfig): Promise<DemoAccount | null> {
  const database = createDatabase({ url: config.databaseUrl, poolSize: 2 });
  try {
    return await prepareDatabase(database.db, { admin: config.admin, demoData: config.demoData });
  } finally {
    await database.destroy();
  }
}

function banner(address: string, demo: DemoAccount | null, devVapiSecret?: string) {
  const docs = config.publicDocs ? `  (API docs: ${address}/docs)` : '';
  const lines = [`Zenicall is running at ${address}${docs}`];
  if (demo) lines.push(`Demo clinic "${demo.clinic}" seeded. Sign in as ${demo.email} / ${demo.password}`);
  if (devVapiSecret) lines.push(`Vapi webhook: POST ${address}/api/v1/webhooks/vapi with x-vapi-secret: ${devVapiSecret}`);
  console.log(lines.join('\n'));
}

async function serve(config: AppConfig, options: { backgroundJobs: boolean }): Promise<string> {
  const app = await buildApp(config, { migrate: false, backgroundJobs: options.backgroundJobs });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'shutting down');
      // Live streams end at once (preClose); a request that outstays the grace period is cut short.
      setTimeout(() => {
        app.log.warn({ graceSeconds: config.shutdownGraceSeconds }, 'requests still running after the grace period; exiting');
        process.exit(1);
      }, config.shutdownGraceSeconds * 1000).unref();
      void app.close().then(() => process.exit(0));
    });
  }
  try {
    return await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    app.log.error({ err: error }, 'could not listen');
    process.exit(1);
  }
}

const { config, devVapiSecret } = resolveSecrets(loadConfigOrExit());

if (cluster.isWorker) {
  // The primary prepared the database; the first worker also runs the background jobs.
  await serve(config, { backgroundJobs: cluster.worker?.id === 1 });
} else {
  const demo = await prepareOnce(config);
  if (config.workers <= 1) {
    banner(await serve(config, { backgroundJobs: true }), demo, devVapiSecret);
  } else {
    relayClusterEvents();
    // Without Redis, the primary holds who has which call open, for every worker.
    if (!config.redisUrl) servePresenceToWorkers(config.presenceTtlSeconds * 1000);
    serveClusterMetrics();
    let announced = false;
    cluster.on('listening', (_worker, address) => {
      if (announced) return;
      announced = true;
      banner(`http://${address.address ?? config.host}:${address.port}`, demo, devVapiSecret);
    });
    // A worker that dies is replaced, unless the whole server is shutting down or never started.
    let stopping = false;
    cluster.on('exit', (worker, code) => {
      if (!announced) {
        console.error(`Zenicall cannot start: worker ${worker.process.pid} exited (${code}) before listening`);
        process.exit(1);
      }
      if (!stopping) {
        console.error(`worker ${worker.process.pid} exited (${code}); starting another`);
        cluster.fork();
      }
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        stopping = true;
        for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
        // Each worker has the grace period; a second more lets it log and exit by itself.
        setTimeout(() => process.exit(0), (config.shutdownGraceSeconds + 1) * 1000).unref();
        cluster.on('exit', () => {
          if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
        });
      });
    }
    for (let i = 0; i < config.workers; i++) cluster.fork();
  }
}
