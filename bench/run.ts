import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createCallLogGenerator } from '../tools/demo/call-log-generator.js';
import { loadOrCreateSecret } from '../src/secrets.js';
import { BENCH_ADMIN, LARGE_CLINIC_NAME, benchClinicKey } from './seed.js';
import { vapiReportFor } from './vapi-report.js';
import { coldSearchQueries, percentile, runColdSearches, summariseColdSearches } from './cold-search.js';
import { UNIQUE_ID, runLoad, type LoadRequest, type LoadTool } from './load.js';
import { FLUSH_MS } from '../src/modules/activity/view-audit.js';

export interface RunOptions {
  url: string;
  duration: number;
  warmup: number;
  connections: number;
  workloads?: string[];
  vapiSecret?: string;
  dataDir: string;
  pid?: number;
  out?: string;
  tool: LoadTool;
}

interface Context {
  url: string;
  token: string;
  /** The bench administrator's user id ("Mine" is theirs). */
  userId: number;
  large: { id: number; total: number };
  small: { id: number; total: number };
  commonLastName: string;
  phoneDigits: string;
  callIds: number[];
  /** Calls of the large clinic, and their phones (the cold-search mix cuts its digits from them). */
  largeCallIds: number[];
  largePhones: string[];
  vapiSecret?: string;
  clinicKeys: string[];
}

type Request = Omit<LoadRequest, 'headers'> & { headers?: Record<string, string> };

interface Workload {
  id: string;
  name: string;
  /** A fresh request each time (random ids, unique call ids); a fixed one otherwise. */
  next: (ctx: Context) => Request;
  target: { rps: number; p99?: number };
  /** Writes made beside the measured load, from the start of the warm-up to the end of the measure. */
  alongside?: (ctx: Context) => Background;
}

interface Background {
  /** Stops writing; how many writes were sent and how many failed. */
  stop(): Promise<{ sent: number; failed: number }>;
}

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!;
const list = (clinicId: number, query = '') => `/api/v1/call-logs/by-clinic/${clinicId}${query}`;
const STATUSES = ['New', 'In Progress', 'Done', 'Archived'];
/** The work queue's views as the dashboard asks for them: my open calls, newest first; the overdue ones in triage order. */
const MINE = '?assignee=me&status[]=New&status[]=In%20Progress';
const OVERDUE = '?due=overdue&sort=priority';
const patchStatus = (id: number): Request => ({
  method: 'PATCH',
  path: `/api/v1/call-logs/${id}`,
  body: JSON.stringify({ status: pick(STATUSES) }),
  headers: { 'content-type': 'application/json' },
});

/** Status changes of random calls of the large clinic, `perSecond` of them, as a receptionist team makes them. */
function statusChanges(ctx: Context, perSecond: number): Background {
  let sent = 0;
  let failed = 0;
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const { path, body, headers } = patchStatus(pick(ctx.largeCallIds));
    const request = fetch(`${ctx.url}${path}`, { method: 'PATCH', body, headers: { ...headers, authorization: `Bearer ${ctx.token}` } })
      .then(async (response) => {
        await response.arrayBuffer();
        if (!response.ok) failed++;
      })
      .catch(() => void failed++)
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
    sent++;
  }, 1000 / perSecond);
  return {
    stop: async () => {
      clearInterval(timer);
      await Promise.all(inFlight);
      return { sent, failed };
    },
  };
}

const WORKLOADS: Workload[] = [
  { id: 'W1', name: 'list page 1, large clinic', next: (c) => ({ method: 'GET', path: list(c.large.id) }), target: { rps: 3000, p99: 25 } },
  {
    id: 'W2',
    name: 'list New + In Progress, large clinic',
    next: (c) => ({ method: 'GET', path: list(c.large.id, '?status[]=New&status[]=In%20Progress') }),
    target: { rps: 3000, p99: 25 },
  },
  {
    id: 'W3',
    name: 'search a common last name',
    next: (c) => ({ method: 'GET', path: list(c.large.id, `?search=${encodeURIComponent(c.commonLastName)}`) }),
    target: { rps: 500, p99: 80 },
  },
  {
    id: 'W4',
    name: 'search 4 phone digits',
    next: (c) => ({ method: 'GET', path: list(c.large.id, `?search=${c.phoneDigits}`) }),
    target: { rps: 500, p99: 80 },
  },
  {
    id: 'W5',
    name: 'list page 5000, large clinic',
    next: (c) => ({ method: 'GET', path: list(c.large.id, '?page=5000') }),
    target: { rps: 3000, p99: 25 },
  },
  {
    id: 'W6',
    name: 'detail of random calls (each view audited)',
    next: (c) => ({ method: 'GET', path: `/api/v1/call-logs/${pick(c.callIds)}` }),
    target: { rps: 5000, p99: 20 },
  },
  { id: 'W7', name: 'PATCH status of random calls', next: (c) => patchStatus(pick(c.callIds)), target: { rps: 2000 } },
  {
    id: 'W7L',
    name: 'PATCH status of random calls, all in the large clinic',
    next: (c) => patchStatus(pick(c.largeCallIds)),
    target: { rps: 2000 },
  },
  { id: 'W8', name: 'list page 1, small clinic', next: (c) => ({ method: 'GET', path: list(c.small.id) }), target: { rps: 3000, p99: 25 } },
  {
    id: 'W9',
    name: 'Vapi end-of-call reports ingested',
    next: (c) => ({
      method: 'POST',
      path: '/api/v1/webhooks/vapi',
      body: nextReport(pick(c.clinicKeys)),
      headers: { 'content-type': 'application/json', 'x-vapi-secret': c.vapiSecret ?? '' },
    }),
    target: { rps: 500 },
  },
  {
    id: 'W10',
    name: 'Mine list, large clinic',
    next: (c) => ({ method: 'GET', path: list(c.large.id, MINE) }),
    target: { rps: 3000, p99: 25 },
  },
  {
    id: 'W11',
    name: 'Overdue list, large clinic (Urgent first)',
    next: (c) => ({ method: 'GET', path: list(c.large.id, OVERDUE) }),
    target: { rps: 3000, p99: 25 },
  },
  {
    id: 'S2',
    name: 'repeated search while the clinic gets 20 status changes/s',
    next: (c) => ({ method: 'GET', path: list(c.large.id, `?search=${encodeURIComponent(c.commonLastName)}`) }),
    target: { rps: 500, p99: 100 },
    alongside: (c) => statusChanges(c, 20),
  },
];

/** The cold-search mix: its own kind of run (one search at a time), reported beside the load workloads. */
const COLD_SEARCH = { id: 'S1', name: 'searches typed for the first time, one at a time (large clinic)', perKind: 6 };
const COLD_SEARCH_TARGET = { p95: 150, max: 500 };

/**
 * Report bodies are built ahead of time, with placeholders for the clinic key and the call id (which
 * the load generator makes unique per request), so it spends its time sending, not serialising
 * 30 KB of JSON per request.
 */
const CLINIC_KEY = 'bench-clinic-key-placeholder';
const reportTemplates: string[] = [];
function nextReport(clinicKey: string): string {
  if (reportTemplates.length === 0) {
    const generator = createCallLogGenerator({ seed: Date.now() % 100000, now: new Date(), spanDays: 2, statusMix: 'demo' });
    for (let i = 0; i < 200; i++) reportTemplates.push(vapiReportFor(generator.next(i), CLINIC_KEY, UNIQUE_ID));
  }
  return pick(reportTemplates).replace(CLINIC_KEY, clinicKey);
}

async function api<T>(ctx: Pick<Context, 'url' | 'token'>, path: string): Promise<T> {
  const response = await fetch(`${ctx.url}${path}`, { headers: { authorization: `Bearer ${ctx.token}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface Page {
  items: {
    id: number;
    caller_last_name: string | null;
    caller_phone_number: string;
    call_started_at: string;
    status: string;
    assignee: { id: number; name: string } | null;
    priority: string;
    callback_due_at: string | null;
  }[];
  total: number;
}

const PRIORITY_ORDER = ['Urgent', 'High', 'Normal', 'Low'];

/** Finds the seeded clinics, a common surname, a phone fragment and a pool of real call ids. */
async function prepare(options: RunOptions): Promise<Context> {
  const login = await fetch(`${options.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_ADMIN),
  });
  if (!login.ok)
    throw new Error(`cannot sign in as ${BENCH_ADMIN.email}: is the server running on a database seeded by \`npm run bench -- seed\`?`);
  const token = ((await login.json()) as { access_token: string }).access_token;
  const base = { url: options.url, token };
  const me = await api<{ id: number }>(base, '/api/v1/auth/me');
  const clinics = await api<{ id: number; name: string }[]>(base, '/api/v1/clinics');
  const benchClinics = clinics.filter((c) => c.name.startsWith('Bench Clinic'));
  const largeClinic = benchClinics.find((c) => c.name === LARGE_CLINIC_NAME);
  if (!largeClinic) throw new Error(`no clinic named "${LARGE_CLINIC_NAME}": seed the database first`);
  const sizes = await Promise.all(
    benchClinics.map(async (c) => ({ id: c.id, total: (await api<Page>(base, list(c.id, '?limit=1'))).total })),
  );
  const large = sizes.find((s) => s.id === largeClinic.id)!;
  const small = sizes.filter((s) => s.id !== large.id).sort((a, b) => a.total - b.total)[0]!;

  const sample = await api<Page>(base, list(large.id, '?limit=100'));
  const surnames = new Map<string, number>();
  // A name the word index serves (letters only, 3 or more): "Li" or "O'Brien" would be substring scans.
  const indexable = (name: string | null): name is string => name !== null && /^\p{L}{3,}$/u.test(name);
  for (const item of sample.items)
    if (indexable(item.caller_last_name)) surnames.set(item.caller_last_name, (surnames.get(item.caller_last_name) ?? 0) + 1);
  const commonLastName = [...surnames.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'Tremblay';
  const phone = sample.items.find((item) => /\d{4}$/.test(item.caller_phone_number))?.caller_phone_number ?? '+15145550123';
  const phoneDigits = phone.slice(-4);

  // W7L's calls: a page of 100 at each of as many random places as W7 samples clinics, so the two
  // differ only in whose calls they are (five pages made W7L edit a few hundred neighbours, whose
  // index entries share a handful of pages). The cold searches' phones come from the first five.
  const largeCallIds: number[] = [];
  const largePhones: string[] = [];
  const largePages = Math.max(1, Math.ceil(large.total / 100));
  for (let i = 0; i < sizes.length; i++) {
    const page = await api<Page>(base, list(large.id, `?limit=100&page=${1 + Math.floor(Math.random() * largePages)}`));
    largeCallIds.push(...page.items.map((item) => item.id));
    if (i < 5) largePhones.push(...page.items.map((item) => item.caller_phone_number));
  }
  const callIds: number[] = [];
  for (const clinic of sizes) {
    const pages = Math.max(1, Math.ceil(clinic.total / 100));
    const page = await api<Page>(base, list(clinic.id, `?limit=100&page=${1 + Math.floor(Math.random() * pages)}`));
    callIds.push(...page.items.map((item) => item.id));
  }
  const vapiSecret = options.vapiSecret ?? loadOrCreateSecret(options.dataDir, 'vapi-secret').value;
  return {
    ...base,
    userId: me.id,
    large,
    small,
    commonLastName,
    phoneDigits,
    callIds,
    largeCallIds,
    largePhones,
    vapiSecret,
    clinicKeys: benchClinics.map((_, index) => benchClinicKey(index)),
  };
}

/** A fast wrong answer must not pass: the same query answers the same, and answers what it was asked. */
async function checkAnswers(ctx: Context, workQueue: boolean): Promise<string[]> {
  const checks: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`correctness check failed: ${what}`);
    checks.push(what);
  };
  const counts = await api<Record<string, number>>(ctx, `${list(ctx.large.id)}/counts`);
  const first = await api<Page>(ctx, list(ctx.large.id));
  const again = await api<Page>(ctx, list(ctx.large.id));
  check(first.total === again.total && first.items[0]?.id === again.items[0]?.id, 'W1: same answer twice');
  // The counts also carry the work queue's (mine, unassigned, …): the statuses alone add up to the total.
  const byStatus = STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
  check(first.total === byStatus, `W1: total ${first.total} equals the per-status counts`);
  const sorted = first.items.every((item, i) => i === 0 || first.items[i - 1]!.call_started_at >= item.call_started_at);
  check(sorted, 'W1: newest first');
  const open = await api<Page>(ctx, list(ctx.large.id, '?status[]=New&status[]=In%20Progress'));
  check(open.total === (counts.New ?? 0) + (counts['In Progress'] ?? 0), `W2: total ${open.total} equals New + In Progress`);
  const byName = await api<Page>(ctx, list(ctx.large.id, `?search=${encodeURIComponent(ctx.commonLastName)}`));
  const byNameAgain = await api<Page>(ctx, list(ctx.large.id, `?search=${encodeURIComponent(ctx.commonLastName)}`));
  check(byName.total > 0 && byName.total === byNameAgain.total, `W3: "${ctx.commonLastName}" finds ${byName.total}, twice`);
  const byPhone = await api<Page>(ctx, list(ctx.large.id, `?search=${ctx.phoneDigits}`));
  check(
    byPhone.total > 0 && byPhone.items.every((item) => item.caller_phone_number.replace(/\D/g, '').includes(ctx.phoneDigits)),
    `W4: "${ctx.phoneDigits}" finds ${byPhone.total} phones containing it`,
  );
  const deep = await api<Page>(ctx, list(ctx.large.id, '?page=5000'));
  const before = await api<Page>(ctx, list(ctx.large.id, '?page=4999'));
  check(
    ctx.large.total < 100_000 || (deep.items.length > 0 && before.items.at(-1)!.call_started_at >= deep.items[0]!.call_started_at),
    'W5: page 5000 continues page 4999',
  );
  const viewed = ctx.callIds[0]!;
  const trailBefore = await api<{ total: number }>(ctx, `/api/v1/call-logs/${viewed}/activity?limit=1`);
  const detail = await api<{ id: number }>(ctx, `/api/v1/call-logs/${viewed}`);
  check(detail.id === viewed, 'W6: detail answers the call asked for');
  // The process that served the view writes it within FLUSH_MS; with several workers another may read the trail.
  const readTrail = () =>
    api<{ total: number; items: { action: string; actor: { id: number } | null }[] }>(
      ctx,
      `/api/v1/call-logs/${viewed}/activity?limit=1&page=${trailBefore.total + 1}`,
    );
  let trailAfter = await readTrail();
  for (const deadline = Date.now() + FLUSH_MS + 1000; trailAfter.total === trailBefore.total && Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    trailAfter = await readTrail();
  }
  check(
    trailAfter.total === trailBefore.total + 1 && trailAfter.items[0]?.action === 'viewed' && trailAfter.items[0].actor?.id === ctx.userId,
    'W6: the view is in the call’s trail, by the bench admin',
  );

  // The work queue's views need its data (`npm run bench -- seed-work` on a database seeded before it).
  if (workQueue) {
    const isOpen = (item: Page['items'][number]) => item.status === 'New' || item.status === 'In Progress';
    const mine = await api<Page>(ctx, list(ctx.large.id, MINE));
    check(
      mine.total > 0 && mine.total === counts.mine && mine.items.every((item) => item.assignee?.id === ctx.userId && isOpen(item)),
      `W10: ${mine.total} open calls assigned to the bench admin, as the "mine" count says`,
    );
    check(
      mine.items.every((item, i) => i === 0 || mine.items[i - 1]!.call_started_at >= item.call_started_at),
      'W10: newest first',
    );
    const [overdue, countsNow] = await Promise.all([
      api<Page>(ctx, list(ctx.large.id, OVERDUE)),
      api<Record<string, number>>(ctx, `${list(ctx.large.id)}/counts`),
    ]);
    // After the answers: whatever they called overdue was due before this instant.
    const now = Date.now();
    check(
      overdue.total > 0 &&
        overdue.total === countsNow.overdue &&
        overdue.items.every((item) => isOpen(item) && item.callback_due_at !== null && Date.parse(item.callback_due_at) < now),
      `W11: ${overdue.total} overdue open calls, as the "overdue" count says`,
    );
    const rank = (item: Page['items'][number]) => [PRIORITY_ORDER.indexOf(item.priority), item.callback_due_at!] as const;
    check(
      overdue.items.every((item, i) => {
        if (i === 0) return true;
        const [p0, d0] = rank(overdue.items[i - 1]!);
        const [p1, d1] = rank(item);
        return p0 < p1 || (p0 === p1 && d0 <= d1);
      }),
      'W11: Urgent first, then the longest overdue',
    );
  }
  return checks;
}

/** Peak resident memory of the server process and its descendants (cluster workers), from /proc. */
function rssSampler(pid: number | undefined) {
  let peak = 0;
  const sample = () => {
    if (!pid) return;
    const pids = [pid, ...childrenOf(pid)];
    const total = pids.reduce((sum, p) => sum + rssOf(p), 0);
    peak = Math.max(peak, total);
  };
  const timer = setInterval(sample, 500);
  return { stop: () => (clearInterval(timer), sample(), peak) };
}

/** Every descendant: `npm start` runs the server two processes down, and cluster workers one further. */
function childrenOf(pid: number): number[] {
  try {
    const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
    return children.flatMap((child) => [child, ...childrenOf(child)]);
  } catch {
    return [];
  }
}

function rssOf(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

interface Result {
  id: string;
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  target: Workload['target'] | typeof COLD_SEARCH_TARGET;
  met: boolean;
  /** The cold-search mix: its 95th percentile and slowest search, and each search. */
  p95?: number;
  max?: number;
  searches?: { kind: string; text: string; ms: number; total: number }[];
  /** Writes sent beside the load (S2). */
  alongside?: { sent: number; failed: number };
}

async function measure(ctx: Context, workload: Workload, seconds: number, options: RunOptions): Promise<Omit<Result, 'met'>> {
  const figures = await runLoad(options.tool, {
    url: ctx.url,
    seconds,
    connections: options.connections,
    next: () => {
      const next = workload.next(ctx);
      // Webhooks carry the provider's credential only: a staff token beside it would be refused.
      const auth: Record<string, string> = next.path.startsWith('/api/v1/webhooks/') ? {} : { authorization: `Bearer ${ctx.token}` };
      return { ...next, headers: { ...auth, ...next.headers } };
    },
  });
  return { id: workload.id, name: workload.name, ...figures, target: workload.target };
}

async function measureColdSearches(ctx: Context): Promise<Result> {
  const queries = coldSearchQueries(ctx.largePhones, COLD_SEARCH.perKind);
  let failed = 0;
  const started = Date.now();
  const searches = await runColdSearches(queries, async (text) => {
    const response = await fetch(`${ctx.url}${list(ctx.large.id, `?search=${encodeURIComponent(text)}`)}`, {
      headers: { authorization: `Bearer ${ctx.token}` },
    });
    if (!response.ok) {
      failed++;
      await response.arrayBuffer();
      return { total: -1 };
    }
    return (await response.json()) as Page;
  });
  const ms = searches.map((s) => s.ms);
  const p95 = percentile(ms, 95);
  const max = Math.max(...ms);
  for (const line of summariseColdSearches(searches)) console.log(`    ${line}`);
  return {
    id: COLD_SEARCH.id,
    name: COLD_SEARCH.name,
    rps: Math.round((searches.length / (Date.now() - started)) * 1000),
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    p95,
    max,
    non2xx: failed,
    errors: 0,
    target: COLD_SEARCH_TARGET,
    met: failed === 0 && p95 <= COLD_SEARCH_TARGET.p95 && max <= COLD_SEARCH_TARGET.max,
    searches,
  };
}

export async function runBenchmark(options: RunOptions): Promise<Result[]> {
  const ctx = await prepare(options);
  console.log(`load generator: ${options.tool}, ${options.connections} connections`);
  console.log(
    `large clinic #${ctx.large.id}: ${ctx.large.total.toLocaleString('en')} calls; small clinic #${ctx.small.id}: ${ctx.small.total.toLocaleString('en')} calls`,
  );
  const selected = WORKLOADS.filter((w) => !options.workloads || options.workloads.includes(w.id));
  const workQueue = selected.some((w) => w.id === 'W10' || w.id === 'W11');
  for (const line of await checkAnswers(ctx, workQueue)) console.log(`  ✓ ${line}`);
  const memory = rssSampler(options.pid);
  const results: Result[] = [];
  // First, while no load workload has run its searches: the mix is of searches never typed before.
  if (!options.workloads || options.workloads.includes(COLD_SEARCH.id)) {
    console.log(`  ${COLD_SEARCH.id} ${COLD_SEARCH.name}:`);
    const cold = await measureColdSearches(ctx);
    results.push(cold);
    console.log(`  ${cold.id}: p50 ${cold.p50} ms, p95 ${cold.p95} ms, max ${cold.max} ms`);
  }
  for (const workload of selected) {
    const background = workload.alongside?.(ctx);
    if (options.warmup > 0) await measure(ctx, workload, options.warmup, options);
    const measured = await measure(ctx, workload, options.duration, options);
    const alongside = await background?.stop();
    const met =
      measured.rps >= workload.target.rps &&
      (workload.target.p99 === undefined || measured.p99 <= workload.target.p99) &&
      measured.non2xx === 0 &&
      measured.errors === 0 &&
      (alongside?.failed ?? 0) === 0;
    results.push({ ...measured, met, ...(alongside ? { alongside, non2xx: measured.non2xx + alongside.failed } : {}) });
    const writes = alongside ? ` (${alongside.sent} status changes alongside, ${alongside.failed} failed)` : '';
    console.log(`  ${workload.id} ${workload.name}: ${measured.rps.toLocaleString('en')} req/s, p99 ${measured.p99} ms${writes}`);
  }
  const peakRss = memory.stop();

  console.log(`\n| workload | req/s | p50 ms | p99 ms | non-2xx | target | met |\n|---|---:|---:|---:|---:|---|---|`);
  for (const r of results) {
    if ('p95' in r.target) {
      const target = `p95 ≤ ${r.target.p95} ms, max ≤ ${r.target.max} ms`;
      console.log(
        `| ${r.id} ${r.name} | ${r.rps} | ${r.p50} (p95 ${r.p95}, max ${r.max}) | ${r.p99} | ${r.non2xx} | ${target} | ${r.met ? 'yes' : 'no'} |`,
      );
      continue;
    }
    const target = `≥ ${r.target.rps.toLocaleString('en')} req/s${r.target.p99 ? `, p99 ≤ ${r.target.p99} ms` : ''}`;
    console.log(
      `| ${r.id} ${r.name} | ${r.rps.toLocaleString('en')} | ${r.p50} | ${r.p99} | ${r.non2xx + r.errors} | ${target} | ${r.met ? 'yes' : 'no'} |`,
    );
  }
  const w1 = results.find((r) => r.id === 'W1');
  const w8 = results.find((r) => r.id === 'W8');
  if (w1 && w8) console.log(`growth: W8/W1 = ${(w8.rps / Math.max(w1.rps, 1)).toFixed(2)} (target ≤ 1.5)`);
  if (options.pid) console.log(`server peak RSS: ${peakRss.toFixed(0)} MB (target ≤ 300)`);

  const out = options.out ?? `bench/results/${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        url: options.url,
        tool: options.tool,
        connections: options.connections,
        duration: options.duration,
        large: ctx.large,
        small: ctx.small,
        peakRssMb: options.pid ? Math.round(peakRss) : null,
        results,
      },
      null,
      2,
    ),
  );
  console.log(`results written to ${out}`);
  return results;
}
