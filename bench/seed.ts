import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import type { Database, NewCallLog } from '../src/db/database.js';
import { nowStored, toStoredDateTime } from '../src/shared/datetime.js';
import { hashPassword } from '../src/modules/auth/password.js';
import { insertClinic } from '../src/modules/clinics/repository.js';
import { insertRoute } from '../src/modules/clinic-routes/repository.js';
import { createCallLogGenerator, type CallLogGenerator } from '../tools/demo/call-log-generator.js';
import { findUserByEmail, insertUser } from '../src/modules/users/repository.js';
import { ProgressBar } from './progress.js';

export const BENCH_ADMIN = { email: 'bench@zenicall.example', password: 'bench-password-1' };
export const LARGE_CLINIC_NAME = 'Bench Clinic 001 (large)';
export const benchClinicKey = (index: number) => `bench-clinic-${String(index + 1).padStart(3, '0')}`;

export interface SeedOptions {
  calls: number;
  clinics: number;
  /** Calls of the first clinic, the large one. */
  large: number;
  seed: number;
  batch: number;
  /** Connections inserting at once (MariaDB; SQLite has one writer). */
  writers: number;
}

/** How many calls each clinic gets: the large one its share, the others ±50% around an even split. */
function clinicSizes({ calls, clinics, large, seed }: SeedOptions): number[] {
  const rest = Math.max(0, calls - large);
  const weights = Array.from({ length: clinics - 1 }, (_, i) => 0.5 + (((i + 1) * 2654435761 + seed) % 1000) / 1000);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const sizes = [Math.min(large, calls), ...weights.map((w) => Math.floor((rest * w) / totalWeight))];
  sizes[1] = (sizes[1] ?? 0) + calls - sizes.reduce((a, b) => a + b, 0);
  return sizes;
}

/**
 * Fills the database with a deterministic clinic group through the product's own schema (and so
 * its triggers): `clinics` clinics, the first with `large` calls, three years of calls interleaved
 * in time order across clinics, a bench administrator and one Vapi route per clinic.
 */
export async function seedBenchmark(db: Kysely<Database>, options: SeedOptions): Promise<void> {
  const existing = await db.selectFrom('call_logs').select('id').limit(1).executeTakeFirst();
  if (existing) throw new Error('call_logs is not empty: seed a fresh database (or drop the old one) so totals are known.');

  const sizes = clinicSizes(options);
  const now = new Date();
  const clinics: { id: number; size: number; generator: CallLogGenerator; next: number }[] = [];
  for (const [index, size] of sizes.entries()) {
    const name = index === 0 ? LARGE_CLINIC_NAME : `Bench Clinic ${String(index + 1).padStart(3, '0')}`;
    const id = await insertClinic(db, name);
    await insertRoute(db, id, 'clinic_key', benchClinicKey(index));
    const generator = createCallLogGenerator({
      seed: options.seed * 1000 + index,
      now,
      spanDays: 3 * 365,
      statusMix: 'archive',
      count: size,
      clinicName: name,
    });
    clinics.push({ id, size, generator, next: 0 });
  }
  if (!(await findUserByEmail(db, BENCH_ADMIN.email))) {
    await insertUser(db, {
      email: BENCH_ADMIN.email,
      password_hash: await hashPassword(BENCH_ADMIN.password),
      full_name: 'Benchmark',
      role: 'admin',
    });
  }

  const progress = new ProgressBar(options.calls, 'calls');
  const createdAt = nowStored();
  const started = performance.now();
  let written = 0;
  // Each writer (its own connection) stores the calls of its own clinics, one batch at a time, while
  // this process generates the next. Writers never share a clinic, so they never wait on each other's
  // counter and version rows (triggers update them per clinic) and cannot deadlock on them.
  const writers = Array.from({ length: options.writers }, () => ({ batch: [] as NewCallLog[], storing: Promise.resolve() }));
  const store = async (writer: (typeof writers)[number]) => {
    const rows = writer.batch;
    writer.batch = [];
    await writer.storing;
    writer.storing = db
      .insertInto('call_logs')
      .values(rows)
      .execute()
      .then(() => {
        written += rows.length;
        progress.update(written);
      });
  };
  // Interleave clinics by their position in time, so ids follow arrival order as in production.
  for (let i = 0; i < options.calls; i++) {
    let pick = clinics[0]!;
    let earliest = Infinity;
    for (const clinic of clinics) {
      if (clinic.next >= clinic.size) continue;
      const position = (clinic.next + 0.5) / clinic.size;
      if (position < earliest) {
        earliest = position;
        pick = clinic;
      }
    }
    const row = pick.generator.next(pick.next++);
    const writer = writers[pick.id % writers.length]!;
    writer.batch.push({ ...row, clinic_id: pick.id, created_at: createdAt, updated_at: null });
    if (writer.batch.length === options.batch) await store(writer);
  }
  for (const writer of writers) if (writer.batch.length > 0) await store(writer);
  await Promise.all(writers.map((writer) => writer.storing));
  progress.done();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `seeded ${options.calls.toLocaleString('en')} calls over ${sizes.length} clinics in ${seconds.toFixed(1)} s (${Math.round(options.calls / seconds).toLocaleString('en')} rows/s)`,
  );
  console.log(`large clinic: ${sizes[0]!.toLocaleString('en')} calls; bench admin: ${BENCH_ADMIN.email} / ${BENCH_ADMIN.password}`);
  await seedWorkQueue(db);
}

/** Due-time spread of the open calls: DUE_BUCKETS steps of DUE_STEP_HOURS, from a day and a half ago to a day and a half ahead. */
const DUE_BUCKETS = 12;
const DUE_STEP_HOURS = 6;
/** The bench administrator works one call in ASSIGNED_SHARE of the large clinic's (a front desk of four). */
const ASSIGNED_SHARE = 4;

/**
 * The work queue as a front desk leaves it, on a seeded database (also one seeded before the work
 * queue existed: the migration gave every call its row, and this fills them in). Idempotent: run it
 * again and it sets the same assignment and fresh due times around now.
 * - The bench administrator is the assignee of every fourth call of the large clinic, any status
 *   (three years of a desk of four), so "Mine" is a quarter of its open calls.
 * - Open calls (New, In Progress) are due between 36 hours ago and 30 hours ahead, in 6-hour steps:
 *   about half are overdue. Closed calls are due never.
 * - One open Normal call in 13 is High (emergencies are already Urgent, from the triggers).
 * Bulk UPDATEs through the product's own table, so its triggers keep the clinics' versions.
 */
export async function seedWorkQueue(db: Kysely<Database>, now = new Date()): Promise<void> {
  const started = performance.now();
  const admin = await findUserByEmail(db, BENCH_ADMIN.email);
  const large = await db.selectFrom('clinics').select('id').where('name', '=', LARGE_CLINIC_NAME).executeTakeFirst();
  if (!admin || !large) throw new Error('no bench administrator or large clinic: run `npm run bench -- seed` first');
  const at = nowStored();
  const open = ['NEW', 'IN_PROGRESS'] as const;
  await db
    .updateTable('call_log_work')
    .set({ assignee_user_id: admin.id, updated_at: at })
    .where('clinic_id', '=', large.id)
    .where(sql<boolean>`call_log_id % ${ASSIGNED_SHARE} = 0`)
    .execute();
  for (let bucket = 0; bucket < DUE_BUCKETS; bucket++) {
    const due = toStoredDateTime(new Date(now.getTime() + (bucket - DUE_BUCKETS / 2) * DUE_STEP_HOURS * 3_600_000));
    await db
      .updateTable('call_log_work')
      .set({ callback_due_at: due, updated_at: at })
      .where('status', 'in', open)
      .where(sql<boolean>`call_log_id % ${DUE_BUCKETS} = ${bucket}`)
      .execute();
  }
  await db
    .updateTable('call_log_work')
    .set({ callback_due_at: null })
    .where('status', 'not in', open)
    .where('callback_due_at', 'is not', null)
    .execute();
  await db
    .updateTable('call_log_work')
    .set({ priority: 2, updated_at: at })
    .where('status', 'in', open)
    .where('priority', '=', 3)
    .where(sql<boolean>`call_log_id % 13 = 0`)
    .execute();
  const [mine, overdue] = await Promise.all([
    db
      .selectFrom('call_log_work')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('clinic_id', '=', large.id)
      .where('assignee_user_id', '=', admin.id)
      .where('status', 'in', open)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('call_log_work')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('clinic_id', '=', large.id)
      .where('status', 'in', open)
      .where('callback_due_at', '<', toStoredDateTime(now))
      .executeTakeFirstOrThrow(),
  ]);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `work queue: the large clinic has ${Number(mine.n).toLocaleString('en')} open calls assigned to the bench admin and ${Number(overdue.n).toLocaleString('en')} overdue (${seconds} s)`,
  );
}
