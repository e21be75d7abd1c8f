import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { NewCallLog } from '../src/db/database.js';
import { rebuildCallerCounts } from '../src/db/migrations/2026-12-04-016-caller-counts.js';
import { phoneDigits } from '../src/shared/text.js';
import { describeEachDatabase, type Harness } from './helpers/harness.js';

/**
 * A repeat caller's count (the detail's and the list's `caller_call_count`) is a row of
 * `call_log_caller_counts`, kept by triggers on every insert, update and delete of `call_logs`, by
 * Zenicall or by another program. Each step below writes behind the app's back and compares the rows
 * with a recount of the calls themselves.
 */

type Counts = Record<string, number>;

/** What the counts must be: the clinics' calls grouped by phone digits, numbers of 3+ digits only. */
async function recount(h: Harness, clinics: number[]): Promise<Counts> {
  const calls = await h.database.db
    .selectFrom('call_logs')
    .select(['clinic_id', 'caller_phone_number'])
    .where('clinic_id', 'in', clinics)
    .execute();
  const counts: Counts = {};
  for (const call of calls) {
    const digits = phoneDigits(call.caller_phone_number);
    if (digits.length >= 3) counts[`${call.clinic_id}:${digits}`] = (counts[`${call.clinic_id}:${digits}`] ?? 0) + 1;
  }
  return counts;
}

async function stored(h: Harness, clinics: number[]): Promise<Counts> {
  const rows = await h.database.db
    .selectFrom('call_log_caller_counts')
    .select(['clinic_id', 'phone_digits', 'calls'])
    .where('clinic_id', 'in', clinics)
    .where('calls', '>', 0)
    .execute();
  return Object.fromEntries(rows.map((row) => [`${row.clinic_id}:${row.phone_digits}`, Number(row.calls)]));
}

describeEachDatabase('Caller counts: what the triggers keep is a recount of the calls', (h) => {
  let clinics: [number, number];
  let ids: number[];
  const edit = (id: number, values: Partial<NewCallLog>) =>
    h.database.db.updateTable('call_logs').set(values).where('id', '=', id).execute();
  const assertExact = async (when: string) => assert.deepEqual(await stored(h, clinics), await recount(h, clinics), when);

  before(async () => {
    clinics = [(await h.createClinic()).id, (await h.createClinic()).id];
    const phones = [
      '+1 (514) 555-0101',
      '+1 514-555-0101',
      '15145550101',
      'anonymous',
      'anonymous',
      '12',
      '+33 1 23 45 67 89',
      '(617) 555-0199',
    ];
    ids = [];
    for (const phone of phones) ids.push(await h.insertCallLog(clinics[0], { caller_phone_number: phone }));
  });

  test('inserts: one row per number of 3+ digits, whatever its punctuation; none for anonymous or short numbers', async () => {
    assert.deepEqual(await stored(h, clinics), {
      [`${clinics[0]}:15145550101`]: 3,
      [`${clinics[0]}:33123456789`]: 1,
      [`${clinics[0]}:6175550199`]: 1,
    });
  });

  test('a new number, a move to another clinic, both at once, and a status change', async () => {
    await edit(ids[0]!, { caller_phone_number: '+33 1 23 45 67 89' });
    await assertExact('after a new number');
    await edit(ids[1]!, { clinic_id: clinics[1] });
    await assertExact('after a move');
    await edit(ids[3]!, { clinic_id: clinics[1], caller_phone_number: '617.555.0199' });
    await assertExact('after a move with a new number');
    await edit(ids[6]!, { caller_phone_number: '+33 (1) 23-45-67-89', status: 'DONE' });
    await edit(ids[7]!, { status: 'IN_PROGRESS' });
    await assertExact('after the same digits spelled otherwise and a status change');
    await edit(ids[2]!, { caller_phone_number: '9' });
    await assertExact('after a number shortened to one digit');
  });

  test('deletes, then the rebuild agrees with the triggers', async () => {
    await h.database.db.deleteFrom('call_logs').where('id', 'in', [ids[0]!, ids[7]!]).execute();
    await assertExact('after deletes');
    const kept = await stored(h, clinics);
    await rebuildCallerCounts(h.database.db);
    assert.deepEqual(await stored(h, clinics), kept);
  });
});
