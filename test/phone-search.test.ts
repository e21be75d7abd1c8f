import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { rebuildDerived } from '../src/db/migrations/2026-12-04-014-striped-clinic-versions.js';
import { addCall, onePage, setUp, type Item } from './helpers/call-logs.js';
import { describeEachDatabase } from './helpers/harness.js';

/**
 * One phone-digit rule on both databases (migration 005): a phone's digits are its characters 0-9,
 * whatever else it holds, and a search term of 3+ digits with phone punctuation finds them anywhere.
 * The rule lives in triggers (and in `reconcile`'s rebuild), so every case runs on each database.
 */
describeEachDatabase('Search by phone digits', (h) => {
  let token: string;
  let url: (query?: string) => string;
  let paris: Item;
  let london: Item;
  let boston: Item;
  before(async () => {
    const context = await setUp(h);
    token = context.token;
    url = context.url;
    paris = await addCall(h, context.clinic, { caller_phone_number: '+33 1/40.20-50 60' });
    // A no-break space and a letter: characters neither search nor the old SQLite rule knew.
    london = await addCall(h, context.clinic, { caller_phone_number: '+44\u00a020 7946 0958 x12' });
    boston = await addCall(h, context.clinic, { caller_phone_number: '(617) 555-0199' });
  });

  const search = async (text: string) => {
    const response = await h.call({ method: 'GET', url: url(`search=${encodeURIComponent(text)}`), token });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body;
  };

  const finds: [string, () => Item[]][] = [
    ['140205', () => [paris]],
    ['33140205060', () => [paris]],
    ['+33140205060', () => [paris]],
    ['40.20', () => [paris]],
    ['20-50', () => [paris]],
    ['1/40', () => [paris]],
    ['(1)40', () => [paris]],
    ['5060', () => [paris]],
    ['4420', () => [london]],
    ['79460958', () => [london]],
    ['095812', () => [london]],
    ['(617)', () => [boston]],
    ['555-0199', () => [boston]],
    ['060', () => [paris]],
    ['140 5060', () => [paris]],
  ];
  for (const [term, expected] of finds) {
    test(`"${term}" finds the calls whose phone holds those digits`, async () => {
      assert.deepEqual(await search(term), onePage(expected()));
    });
  }

  for (const term of ['014020', '40205061', '0958121', '6175550198', '999']) {
    test(`"${term}" finds no call: no phone holds those digits in that order`, async () => {
      assert.deepEqual(await search(term), onePage([]));
    });
  }

  test('a phone changed behind the app is found by its new digits, not its old ones', async () => {
    const context = await setUp(h);
    const call = await addCall(h, context.clinic, { caller_phone_number: '+1 212/555.0100' });
    await h.database.db.updateTable('call_logs').set({ caller_phone_number: '+49 30.1234-567' }).where('id', '=', call.id).execute();
    const find = async (term: string) =>
      (await h.call({ method: 'GET', url: context.url(`search=${encodeURIComponent(term)}`), token: context.token })).body;
    assert.deepEqual(await find('2125550100'), onePage([]));
    assert.deepEqual(await find('301234'), onePage([{ ...call, caller_phone_number: '+49 30.1234-567' }]));
    // Another column's change keeps the suffixes.
    await h.database.db.updateTable('call_logs').set({ summary: 'Called back' }).where('id', '=', call.id).execute();
    assert.deepEqual(await find('1234-567'), onePage([{ ...call, caller_phone_number: '+49 30.1234-567' }]));
  });

  test('reconcile rebuilds the phone keys by the same rule', async () => {
    // As after a bulk load that bypassed the triggers (the versions move with the rebuild).
    await h.database.db.deleteFrom('call_log_words').execute();
    await rebuildDerived(h.database.db);
    assert.deepEqual(await search('140205'), onePage([paris]));
    assert.deepEqual(await search('095812'), onePage([london]));
  });
});
