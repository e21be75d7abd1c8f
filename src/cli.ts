import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createDatabase, type DatabaseHandle } from './db/create-db.js';
import { ROUTE_TYPES, WEBHOOK_EVENT_STATES, type RouteType } from './db/database.js';
import { isUniqueViolation } from './db/errors.js';
// The migration owns the derived tables' definition; the CLI only re-runs its rebuild.
import { rebuildDerived } from './db/migrations/2026-12-04-014-striped-clinic-versions.js';
import { rebuildCallLogWork } from './db/migrations/2026-12-04-010-work-queue.js';
import { createCallLogEventHub, createInProcessHub } from './modules/call-logs/live-updates.js';
import { findClinic } from './modules/clinics/repository.js';
import { insertRoute } from './modules/clinic-routes/repository.js';
import { retryDueEvents } from './modules/webhooks/ingest.js';
import { purgeExpiredContent } from './modules/retention/service.js';
import { VapiApiError } from './modules/vapi-reconcile/api-client.js';
import { describeSummary, reconcileVapiCalls, SETTLE_MS } from './modules/vapi-reconcile/reconcile.js';
import { prepareDatabase } from './prepare-database.js';
import { loadOrCreateSecret } from './secrets.js';

/**
 * `zenicall <command>`: what the people running Zenicall do by hand. It talks to the database named
 * by DATABASE_URL (like the server), except `simulate`, which posts to a running server.
 */
const printProblem = (details: unknown, message?: string) => console.error(message, details);

const USAGE = `Usage: npm run cli -- <command>

  migrate                                   bring the database schema up to date
  routes list [clinic_id]                   show which provider identifiers route to which clinic
  routes add <clinic_id> <type> <value>     route calls carrying this identifier to the clinic
                                            (type: ${ROUTE_TYPES.join(' | ')})
  webhooks replay [--state failed|unrouted] process stored deliveries again (default: failed)
  retention purge                           clear the transcript, conversation and recording link of calls
                                            older than their clinic's retention period, now
  reconcile-vapi [--since <ISO date | 24h>] ingest the calls Vapi ended that never reached Zenicall
                                            (needs ZENICALL_VAPI_API_KEY; default: the lookback window)
  reconcile                                 recompute counters, phone-search rows and the search word index
                                            from call_logs, after a bulk load made without triggers
  simulate <fixture.json…> [--url URL] [--secret S] [--as-is]
                                            post Vapi webhook bodies to a running server, as Vapi would;
                                            by default each gets a fresh call id and ends just now`;

/** Opens the database with its schema up to date (no administrator, no demo: the server's first start makes those). */
async function withDatabase<T>(config: Config, work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = createDatabase({ url: config.databaseUrl, poolSize: 2 });
  try {
    await prepareDatabase(database.db);
    return await work(database);
  } finally {
    await database.destroy();
  }
}

async function routes(config: Config, [action, ...rest]: string[]): Promise<void> {
  await withDatabase(config, async ({ db }) => {
    if (action === 'list') {
      let query = db
        .selectFrom('clinic_routes')
        .innerJoin('clinics', 'clinics.id', 'clinic_routes.clinic_id')
        .select(['clinic_routes.id', 'clinic_routes.clinic_id', 'clinics.name', 'clinic_routes.type', 'clinic_routes.value'])
        .orderBy('clinic_routes.clinic_id')
        .orderBy('clinic_routes.id');
      if (rest[0]) query = query.where('clinic_routes.clinic_id', '=', Number(rest[0]));
      console.table(await query.execute());
      return;
    }
    if (action === 'add' && rest.length === 3) {
      const [clinicId, type, value] = [Number(rest[0]), rest[1] as RouteType, rest[2]!];
      if (!ROUTE_TYPES.includes(type)) throw new UsageError(`type must be one of ${ROUTE_TYPES.join(', ')}`);
      if (!(await findClinic(db, clinicId))) throw new UsageError(`no clinic ${rest[0]}`);
      try {
        const id = await insertRoute(db, clinicId, type, value);
        console.log(`route ${id}: ${type}=${value} → clinic ${clinicId}`);
      } catch (error) {
        if (isUniqueViolation(error)) throw new UsageError(`${type}=${value} already routes to a clinic`);
        throw error;
      }
      return;
    }
    throw new UsageError('routes list [clinic_id] | routes add <clinic_id> <type> <value>');
  });
}

async function webhooks(config: Config, [action, ...rest]: string[]): Promise<void> {
  if (action !== 'replay') throw new UsageError('webhooks replay [--state failed|unrouted]');
  const { values } = parseArgs({ args: rest, options: { state: { type: 'string', default: 'failed' } } });
  const state = values.state as 'failed' | 'unrouted';
  if (state !== 'failed' && state !== 'unrouted')
    throw new UsageError(`--state must be failed or unrouted (states: ${WEBHOOK_EVENT_STATES.join(', ')})`);
  await withDatabase(config, async (store) => {
    const processed = await retryDueEvents(
      { store, events: createInProcessHub(), log: { error: printProblem, warn: printProblem } },
      { states: [state], maxAttempts: Number.MAX_SAFE_INTEGER },
    );
    console.log(`${processed} ${state} deliveries processed`);
  });
}

async function retention(config: Config, [action]: string[]): Promise<void> {
  if (action !== 'purge') throw new UsageError('retention purge');
  await withDatabase(config, async ({ db }) => {
    const report = await purgeExpiredContent(db, { error: (details: unknown, message?: string) => console.error(message, details) });
    for (const clinic of report.clinics) {
      console.log(`clinic ${clinic.clinic_id} (${clinic.retention_days} days): ${clinic.purged} calls purged`);
    }
    console.log(`${report.purged} calls purged in ${report.clinics.length} clinics with a retention period`);
  });
}

/** `--since`: an ISO-8601 instant, or a duration back from now (`90m`, `24h`, `7d`). */
function parseSince(text: string, now: number): Date {
  const duration = /^(\d+)\s*([smhd])$/i.exec(text.trim());
  if (duration) {
    const unitMs = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[duration[2]!.toLowerCase() as 's' | 'm' | 'h' | 'd'];
    return new Date(now - Number(duration[1]) * unitMs);
  }
  const instant = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(instant))
    throw new UsageError(`--since must be an ISO date (2026-12-01T08:00:00Z) or a duration (24h, 90m, 7d); got "${text}"`);
  if (instant > now) throw new UsageError(`--since ${text} is in the future`);
  return new Date(instant);
}

async function reconcileVapi(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { since: { type: 'string' } } });
  const api = config.vapiApi;
  if (!api) throw new UsageError("reconcile-vapi needs ZENICALL_VAPI_API_KEY (the Vapi organisation's private API key)");
  const now = Date.now();
  const since = values.since === undefined ? new Date(now - api.lookbackHours * 3_600_000) : parseSince(values.since, now);
  await withDatabase(config, async (store) => {
    // Through Redis when configured, so open dashboards see the calls arrive.
    const events = createCallLogEventHub({ redisUrl: config.redisUrl, redisPrefix: config.redisPrefix });
    try {
      const log = { error: printProblem, warn: printProblem };
      const summary = await reconcileVapiCalls({ store, events, log }, api, { since, now: new Date(now) });
      console.log(`Vapi calls updated since ${since.toISOString()}: ${describeSummary(summary)}`);
      if (summary.notYetEnded > 0) {
        console.log(`(calls still in progress or ended less than ${SETTLE_MS / 60_000} minutes ago are left to their webhook)`);
      }
      for (const line of summary.problems) console.error(`  ${line}`);
      if (summary.failed > 0) process.exitCode = 1;
    } finally {
      await events.close();
    }
  });
}

/** Moves a report's call to end now, so it lands at the top of the list, under a new call id. */
function asFreshCall(message: JsonObject): void {
  const call = asJsonObject(message.call);
  const timeOf = (key: string) => {
    const value = message[key] ?? call?.[key];
    return typeof value === 'string' ? Date.parse(value) : NaN;
  };
  const [started, ended] = [timeOf('startedAt'), timeOf('endedAt')];
  const shift = Number.isFinite(ended) ? Date.now() - ended : Number.isFinite(started) ? Date.now() - started : 0;
  const moved = (iso: unknown) =>
    typeof iso === 'string' && Number.isFinite(Date.parse(iso)) ? new Date(Date.parse(iso) + shift).toISOString() : iso;
  for (const holder of call ? [message, call] : [message]) {
    for (const key of ['startedAt', 'endedAt', 'createdAt', 'updatedAt']) if (key in holder) holder[key] = moved(holder[key]);
  }
  if (call) call.id = randomUUID();
}

type JsonObject = Record<string, unknown>;
const asJsonObject = (value: unknown): JsonObject | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;

async function simulate(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string', default: `http://${config.host}:${config.port}` },
      secret: { type: 'string' },
      'as-is': { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) throw new UsageError('simulate <fixture.json…> [--url URL] [--secret S] [--as-is]');
  const secret = values.secret ?? config.vapi.secret ?? loadOrCreateSecret(config.dataDir, 'vapi-secret').value;
  for (const file of positionals) {
    const payload: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const message = asJsonObject(asJsonObject(payload)?.message);
    if (!values['as-is'] && message?.type === 'end-of-call-report') asFreshCall(message);
    const response = await fetch(new URL('/api/v1/webhooks/vapi', values.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vapi-secret': secret },
      body: JSON.stringify(payload),
    });
    console.log(`${file}: ${response.status} ${await response.text()}`);
  }
}

class UsageError extends Error {}

const [command, ...rest] = process.argv.slice(2);
try {
  const config = loadConfig(process.env);
  switch (command) {
    case 'migrate':
      await withDatabase(config, async () => console.log('database schema is up to date'));
      break;
    case 'routes':
      await routes(config, rest);
      break;
    case 'webhooks':
      await webhooks(config, rest);
      break;
    case 'retention':
      await retention(config, rest);
      break;
    case 'reconcile-vapi':
      await reconcileVapi(config, rest);
      break;
    case 'reconcile':
      await withDatabase(config, async ({ db }) => {
        await rebuildDerived(db);
        await rebuildCallLogWork(db);
        console.log('counters, versions, phone-search rows, the word index and work-queue rows recomputed from call_logs');
      });
      break;
    case 'simulate':
      await simulate(config, rest);
      break;
    default:
      console.log(USAGE);
      process.exitCode = command === undefined || command === 'help' ? 0 : 2;
  }
} catch (error) {
  if (error instanceof VapiApiError) {
    console.error(`zenicall: ${error.message}`);
    process.exitCode = 1;
  } else {
    if (!(error instanceof UsageError || error instanceof ConfigError)) throw error;
    console.error(`zenicall: ${error.message}`);
    process.exitCode = 2;
  }
}
