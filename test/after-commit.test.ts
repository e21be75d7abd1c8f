import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { transactionThenEffects } from '../src/db/after-commit.js';
import { createDatabase, type DatabaseHandle } from '../src/db/create-db.js';
import { migrateToLatest } from '../src/db/migrate.js';

/**
 * The one way writes announce themselves (ingestion and staff edits): effects run once, after commit,
 * and never make the caller believe the write failed. The mechanism is the same on both databases,
 * so this runs once, on SQLite.
 */

let database: DatabaseHandle;
const logged: string[] = [];
const log = { error: (details: object) => void logged.push(String((details as { err: Error }).err.message)) };
const clinicCount = async () => Number((await sql<{ n: number }>`select count(*) as n from clinics`.execute(database.db)).rows[0]!.n);
const addClinic = (trx: Parameters<Parameters<typeof transactionThenEffects>[2]>[0], name: string) =>
  trx.insertInto('clinics').values({ name, created_at: '2026-12-01 00:00:00', updated_at: '2026-12-01 00:00:00' }).execute();

before(async () => {
  database = createDatabase({ url: 'sqlite::memory:', poolSize: 1 });
  await migrateToLatest(database.db);
});
after(() => database.destroy());

test('effects run after the work, once it has committed, and the result comes back', async () => {
  const seen: number[] = [];
  const before = await clinicCount();
  const result = await transactionThenEffects(database.db, log, async (trx, afterCommit) => {
    await addClinic(trx, 'Committed');
    afterCommit(() => seen.push(-1));
    return 'done';
  });
  // The effect ran before the promise settled; by then the row is readable outside the transaction.
  assert.equal(result, 'done');
  assert.deepEqual(seen, [-1]);
  assert.equal(await clinicCount(), before + 1);
});

test('a rolled-back transaction runs none of its effects', async () => {
  let ran = false;
  const before = await clinicCount();
  await assert.rejects(
    transactionThenEffects(database.db, log, async (trx, afterCommit) => {
      await addClinic(trx, 'Rolled back');
      afterCommit(() => (ran = true));
      throw new Error('refused');
    }),
    /refused/,
  );
  assert.equal(ran, false);
  assert.equal(await clinicCount(), before);
});

test('an attempt retried after a deadlock runs only the last attempt’s effects', async () => {
  const effects: number[] = [];
  let attempt = 0;
  await transactionThenEffects(database.db, log, async (_trx, afterCommit) => {
    attempt++;
    afterCommit(() => effects.push(attempt));
    if (attempt === 1) throw Object.assign(new Error('deadlock'), { code: 'SQLITE_BUSY' });
  });
  assert.deepEqual(effects, [2]);
});

test('a failing effect is logged, the others still run, and the call does not reject', async () => {
  logged.length = 0;
  const ran: string[] = [];
  await transactionThenEffects(database.db, log, async (_trx, afterCommit) => {
    afterCommit(() => {
      throw new Error('subscriber broke');
    });
    afterCommit(() => ran.push('second'));
  });
  assert.deepEqual(ran, ['second']);
  assert.deepEqual(logged, ['subscriber broke']);
});
