import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'kysely';
import type { NewCallLog } from '../src/db/database.js';
import { createWordIndexTriggers, rebuildWords } from '../src/db/migrations/2026-12-04-013-clinic-word-index.js';
import { up as recreateCheaperTriggers } from '../src/db/migrations/2026-12-04-015-cheaper-word-index-upkeep.js';
import { describeEachDatabase, type Harness } from './helpers/harness.js';

/**
 * The word index's rows are what search reads, and the rows written before an upgrade stay: whatever
 * writes them (the triggers on each insert, update and delete, or `reconcile`'s rebuild, and on
 * MariaDB migration 013's triggers before migration 015 replaced them) must write the same bytes.
 * Each test writes calls with every kind of text a name, summary or phone holds, then compares the
 * index's rows with the ones the rebuild computes for the same calls.
 */

const LONG_WORD = 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(5) + 'é'.repeat(20); // 245 characters

const CALLS: Partial<NewCallLog>[] = [
  {
    caller_first_name: 'Hélène',
    caller_last_name: 'Côté',
    caller_phone_number: '+1 (514) 555-0101',
    summary: 'Rendez-vous déplacé; HÉLÈNE rappellera.',
  },
  {
    caller_first_name: 'Jean-François',
    caller_last_name: "O'Brien",
    caller_phone_number: '+33 1/40.20-50 60',
    summary: "L'hygiéniste: détartrage à 10 h 30, 50% payé.",
  },
  {
    caller_first_name: 'Marie-Ève',
    caller_last_name: 'Nguyễn',
    caller_phone_number: '+44\u00a020 7946 0958 x12',
    summary: 'Straße Müller — Œdipe Ærø ﬁn',
  },
  { caller_first_name: '', caller_last_name: '', caller_phone_number: '5550199', summary: '' },
  { caller_first_name: null, caller_last_name: null, caller_phone_number: '', summary: null },
  { caller_first_name: '  ', caller_last_name: '--', caller_phone_number: 'unknown', summary: '... !!! ???' },
  { caller_first_name: 'Li', caller_last_name: 'Ng', caller_phone_number: '12', summary: 'Ng Ng ng li LI a b c 1 22 333 4444' },
  {
    caller_first_name: LONG_WORD,
    caller_last_name: `${LONG_WORD.toUpperCase()}x`,
    caller_phone_number: '+1 212 555 0100',
    summary: `${LONG_WORD}-${LONG_WORD}y x`,
  },
  {
    caller_first_name: 'Zoë 🦷',
    caller_last_name: 'Đặng',
    caller_phone_number: '(617) 555-0199',
    summary: 'Crown 🦷 broke; rx #A12-B34 done. Dr. Lin, Dre Côté',
  },
  {
    caller_first_name: 'Søren',
    caller_last_name: 'İnan',
    caller_phone_number: '+90 212 000 00 00',
    summary: 'Emergency\tswelling\nsince 3am',
  },
];

type IndexRow = [clinic: number, word: string, started: string, call: number, digitsBefore: string | null];

/** The index's rows of these calls, in the primary key's order, with the key's bytes as hex on MariaDB. */
async function rowsOf(h: Harness, callIds: number[]): Promise<IndexRow[]> {
  if (callIds.length === 0) return [];
  const { rows } = await sql<Record<string, unknown>>`SELECT clinic_id, word, call_started_at, call_log_id, digits_before
    FROM call_log_words WHERE call_log_id IN (${sql.join(callIds)})`.execute(h.database.db);
  const word = (value: unknown) => (Buffer.isBuffer(value) ? value.toString('hex') : String(value));
  const started = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value));
  return rows
    .map((row): IndexRow => [
      Number(row.clinic_id),
      word(row.word),
      started(row.call_started_at),
      Number(row.call_log_id),
      (row.digits_before as string | null) ?? null,
    ])
    .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0) || a[3] - b[3]);
}

async function insertAll(h: Harness, clinic: number): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, call] of CALLS.entries()) {
    ids.push(await h.insertCallLog(clinic, { ...call, call_started_at: `2026-10-01 09:${String(i).padStart(2, '0')}:00` }));
  }
  return ids;
}

/** Behind the app's back, as another program would: each searched column, the clinic, the start, and columns search ignores. */
async function editAll(h: Harness, ids: number[], otherClinic: number) {
  const edit = (id: number, values: Partial<NewCallLog>) =>
    h.database.db.updateTable('call_logs').set(values).where('id', '=', id).execute();
  await edit(ids[0]!, { caller_first_name: 'Helene', caller_last_name: 'Cote-Tremblay' });
  await edit(ids[1]!, { summary: null });
  await edit(ids[2]!, { caller_phone_number: '+1 438 555 0199' });
  await edit(ids[3]!, { caller_first_name: 'Ana', summary: 'Nouveau patient, première visite' });
  await edit(ids[4]!, { caller_last_name: 'Ng', caller_phone_number: '+15145550102' });
  await edit(ids[5]!, { clinic_id: otherClinic });
  await edit(ids[6]!, { call_started_at: '2026-11-02 10:00:00' });
  await edit(ids[7]!, { caller_last_name: LONG_WORD.slice(0, 120), status: 'DONE' });
  await edit(ids[8]!, { status: 'IN_PROGRESS' });
}

describeEachDatabase('The word index: what the triggers write is what the rebuild computes', (h) => {
  let clinicId: number;
  let otherClinicId: number;
  let callIds: number[];

  /** The rows the triggers wrote, then the rows the rebuild writes instead: they must be the same. */
  async function assertRebuildAgrees(ids: number[], when: string) {
    const written = await rowsOf(h, ids);
    await rebuildWords(h.database.db);
    assert.deepEqual(written, await rowsOf(h, ids), when);
  }

  before(async () => {
    clinicId = (await h.createClinic()).id;
    otherClinicId = (await h.createClinic()).id;
    callIds = await insertAll(h, clinicId);
  });

  test('inserted calls: every key of names, summaries and phones, once, with the digits before each suffix', async () => {
    const rows = await rowsOf(h, callIds);
    // Words, their 2- and 3-character prefixes, phone runs and digit suffixes: many keys per call.
    assert.ok(rows.filter((row) => row[3] === callIds[1]).length > 30, 'a call with names, a summary and a phone has keys of each kind');
    assert.equal(rows.filter((row) => row[3] === callIds[4]).length, 0, 'a call with no text and no phone has none');
    await assertRebuildAgrees(callIds, 'after the inserts');
  });

  test('edits of each searched column, a move to another clinic and a new start rewrite the keys', async () => {
    await editAll(h, callIds, otherClinicId);
    await assertRebuildAgrees(callIds, 'after the edits');
    assert.ok(
      (await rowsOf(h, [callIds[5]!])).every((row) => row[0] === otherClinicId),
      'the moved call has its keys in its new clinic only',
    );
  });

  test('a deleted call leaves no key behind', async () => {
    const [gone, ...kept] = callIds.slice(-3) as [number, ...number[]];
    await h.database.db.deleteFrom('call_logs').where('id', '=', gone).execute();
    assert.deepEqual(await rowsOf(h, [gone]), []);
    await assertRebuildAgrees(kept, 'after a delete');
  });
});

describeEachDatabase('MariaDB: migration 015 writes and removes the very rows migration 013 did', (h) => {
  test('the same calls and edits give the same rows under both', async (t) => {
    if (h.dbName !== 'mariadb') return t.skip("SQLite's triggers are migration 013's");
    // 013's first, as in an upgrade, and in a database of their own: MariaDB fails a statement prepared
    // under 015's triggers once 013's are back ("Table 'p' doesn't exist" when it prepares it again).
    const db = h.database.db;
    /** The rows of these calls, each known by its place in CALLS and its clinic's place rather than ids. */
    const byPlace = async (ids: number[], clinics: number[]) =>
      (await rowsOf(h, ids))
        .map(([clinic, word, started, call, before]) => [clinics.indexOf(clinic), ids.indexOf(call), word, started, before])
        .sort();
    const clinics = async () => [(await h.createClinic()).id, (await h.createClinic()).id];
    const [oldClinics, newClinics] = [await clinics(), await clinics()];
    await createWordIndexTriggers(db);
    const byOld = await insertAll(h, oldClinics[0]!);
    const oldInserted = await byPlace(byOld, oldClinics);
    await editAll(h, byOld, oldClinics[1]!);
    const oldEdited = await byPlace(byOld, oldClinics);
    await db.deleteFrom('call_logs').where('id', 'in', byOld).execute();

    await recreateCheaperTriggers(db);
    const byNew = await insertAll(h, newClinics[0]!);
    assert.deepEqual(await byPlace(byNew, newClinics), oldInserted);
    await editAll(h, byNew, newClinics[1]!);
    assert.deepEqual(await byPlace(byNew, newClinics), oldEdited);
    await db.deleteFrom('call_logs').where('id', 'in', byNew).execute();
    assert.deepEqual(await rowsOf(h, [...byOld, ...byNew]), []);
  });
});
