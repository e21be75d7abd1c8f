import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addCall, setUp, uniquePhone, type Item } from './helpers/call-logs.js';
import { sharedFixture } from './helpers/fixture.js';
import { describeEachDatabase } from './helpers/harness.js';

/**
 * GET /api/v1/call-logs/{id}/caller-history and `caller_call_count` on every call: a caller is the
 * same phone digits at the same clinic, whatever the punctuation, in any status.
 */

const CALL_LOG_NOT_FOUND = { detail: 'No such call log.', error_key: 'CALL_LOG_NOT_FOUND' };

describeEachDatabase('caller history', (h) => {
  describe('one patient who called five times, among look-alike numbers', () => {
    const fixture = sharedFixture(async () => {
      const { clinic, token, url } = await setUp(h);
      const other = await h.createClinic();
      const same = (values: Parameters<typeof addCall>[2]) => addCall(h, clinic, values);
      // Five calls from one number, written five ways, in every status.
      const first = await same({ caller_phone_number: '+33 6 12 34 56 78', call_started_at: '2026-10-01 08:00:00', status: 'DONE' });
      const second = await same({ caller_phone_number: '+33612345678', call_started_at: '2026-10-02 08:00:00', status: 'ARCHIVED' });
      const third = await same({
        caller_phone_number: '+33 (6) 12-34-56-78',
        call_started_at: '2026-10-03 08:00:00',
        status: 'IN_PROGRESS',
      });
      const fourth = await same({ caller_phone_number: '33.612.345.678', call_started_at: '2026-10-03 08:00:00', status: 'NEW' });
      const fifth = await same({
        caller_phone_number: '+33612345678',
        call_started_at: '2026-10-04 08:00:00',
        status: 'NEW',
        reason_for_call: 'EMERGENCY',
      });
      // Not the same caller: a number that ends with the same digits, one that is a part of them,
      // another way of dialling the country (other digits), and the same number at another clinic.
      const longer = await same({ caller_phone_number: '+1 33612345678', call_started_at: '2026-10-05 08:00:00' });
      const shorter = await same({ caller_phone_number: '612345678', call_started_at: '2026-10-05 09:00:00' });
      const international = await same({ caller_phone_number: '0033612345678', call_started_at: '2026-10-05 10:00:00' });
      await addCall(h, other, { caller_phone_number: '+33612345678' });
      const repeat = (item: Item): Item => ({ ...item, caller_call_count: 5 });
      const patient = [repeat(first), repeat(second), repeat(third), repeat(fourth), repeat(fifth)] as const;
      return { clinic, token, url, patient, strangers: [longer, shorter, international] as const };
    });
    const history = (id: number, query = '') =>
      h.call({ method: 'GET', url: `/api/v1/call-logs/${id}/caller-history${query ? `?${query}` : ''}`, token: fixture().token });

    test('the history lists the other four calls, newest first (same start: higher id first), any status', async () => {
      const [first, second, third, fourth, fifth] = fixture().patient;
      const response = await history(third.id);
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, { items: [fifth, fourth, second, first], total: 4, page: 1, limit: 20, pages: 1 });
    });

    test('it pages like the list', async () => {
      const [first, second, third, fourth] = fixture().patient;
      const fifth = fixture().patient[4];
      assert.deepEqual((await history(fifth.id, 'limit=3')).body, {
        items: [fourth, third, second],
        total: 4,
        page: 1,
        limit: 3,
        pages: 2,
      });
      assert.deepEqual((await history(fifth.id, 'page=2&limit=3')).body, { items: [first], total: 4, page: 2, limit: 3, pages: 2 });
      assert.deepEqual((await history(fifth.id, 'page=3&limit=3')).body, { items: [], total: 4, page: 3, limit: 3, pages: 2 });
    });

    test('numbers that merely end with, or are part of, the same digits are other callers', async () => {
      for (const stranger of fixture().strangers) {
        assert.deepEqual(
          (await history(stranger.id)).body,
          { items: [], total: 0, page: 1, limit: 20, pages: 0 },
          String(stranger.caller_phone_number),
        );
      }
    });

    test('the list marks every call of a repeat caller with the count, and the others with 1', async () => {
      const { url, token, patient, strangers } = fixture();
      const response = await h.call({ method: 'GET', url: url(), token });
      assert.equal(response.status, 200);
      const [first, second, third, fourth, fifth] = patient;
      const [longer, shorter, international] = strangers;
      assert.deepEqual(response.body, {
        items: [international, shorter, longer, fifth, fourth, third, second, first],
        total: 8,
        page: 1,
        limit: 20,
        pages: 1,
      });
    });

    test('the detail carries the count too', async () => {
      const { token, patient } = fixture();
      const response = await h.call({ method: 'GET', url: `/api/v1/call-logs/${patient[1].id}`, token });
      assert.equal(response.status, 200);
      assert.equal(response.body.caller_call_count, 5);
      const stranger = await h.call({ method: 'GET', url: `/api/v1/call-logs/${fixture().strangers[0].id}`, token });
      assert.equal(stranger.body.caller_call_count, 1);
    });
  });

  test('a new call from the number raises the count on the list at once (a cached page is not reused)', async () => {
    const { clinic, token, url } = await setUp(h);
    const phone = uniquePhone();
    const before = await addCall(h, clinic, { caller_phone_number: phone, call_started_at: '2026-10-01 08:00:00' });
    assert.deepEqual((await h.call({ method: 'GET', url: url(), token })).body.items, [before]);
    const again = await addCall(h, clinic, { caller_phone_number: phone, call_started_at: '2026-10-02 08:00:00' });
    assert.deepEqual((await h.call({ method: 'GET', url: url(), token })).body.items, [
      { ...again, caller_call_count: 2 },
      { ...before, caller_call_count: 2 },
    ]);
    // A correction of the number elsewhere (by the database's own triggers) is seen too.
    await h.database.db.updateTable('call_logs').set({ caller_phone_number: uniquePhone() }).where('id', '=', again.id).execute();
    const after = (await h.call({ method: 'GET', url: url(), token })).body.items;
    assert.deepEqual(
      after.map((item: Item) => [item.id, item.caller_call_count]),
      [
        [again.id, 1],
        [before.id, 1],
      ],
    );
  });

  test('a hidden number (fewer than 3 digits) is nobody’s repeat', async () => {
    const { clinic, token, url } = await setUp(h);
    const one = await addCall(h, clinic, { caller_phone_number: 'anonymous', call_started_at: '2026-10-01 08:00:00' });
    const two = await addCall(h, clinic, { caller_phone_number: 'anonymous', call_started_at: '2026-10-01 09:00:00' });
    const short = await addCall(h, clinic, { caller_phone_number: '+12', call_started_at: '2026-10-01 10:00:00' });
    await addCall(h, clinic, { caller_phone_number: '12', call_started_at: '2026-10-01 11:00:00' });
    const list = (await h.call({ method: 'GET', url: url(), token })).body.items as Item[];
    assert.deepEqual(
      list.map((item) => item.caller_call_count),
      [1, 1, 1, 1],
    );
    for (const call of [one, two, short]) {
      const response = await h.call({ method: 'GET', url: `/api/v1/call-logs/${call.id}/caller-history`, token });
      assert.deepEqual(response.body, { items: [], total: 0, page: 1, limit: 20, pages: 0 });
    }
  });

  test('the counts of a page are one statement, whatever the number of rows', async () => {
    const { clinic, token, url } = await setUp(h);
    for (let i = 0; i < 20; i++) await addCall(h, clinic, { caller_phone_number: i % 2 ? uniquePhone() : '+33 1 23 45 67 89' });
    const queries = await h.queriesDuring(() => h.call({ method: 'GET', url: url(), token }));
    // Each number's count is a row of the clinic's caller counts.
    const counting = queries.filter((sql) => sql.includes('call_log_caller_counts'));
    assert.equal(counting.length, 1, counting.join('\n'));
    const items = (await h.call({ method: 'GET', url: url(), token })).body.items as Item[];
    assert.deepEqual(
      items.map((item) => item.caller_call_count),
      items.map((item) => (item.caller_phone_number === '+33 1 23 45 67 89' ? 10 : 1)),
    );
  });

  test('another clinic’s call, or none, answers 404; bad paging 422', async () => {
    const mine = await setUp(h);
    const theirs = await setUp(h);
    const call = await addCall(h, theirs.clinic);
    for (const id of [call.id, 2147483000]) {
      const response = await h.call({ method: 'GET', url: `/api/v1/call-logs/${id}/caller-history`, token: mine.token });
      assert.equal(response.status, 404);
      assert.deepEqual(response.body, CALL_LOG_NOT_FOUND);
    }
    const bad = await h.call({ method: 'GET', url: `/api/v1/call-logs/${call.id}/caller-history?limit=0&page=x`, token: theirs.token });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error_key, 'VALIDATION_ERROR');
    assert.deepEqual(bad.body.errors.map((e: { loc: unknown }) => e.loc).sort(), [
      ['query', 'limit'],
      ['query', 'page'],
    ]);
    const anonymous = await h.call({ method: 'GET', url: `/api/v1/call-logs/${call.id}/caller-history` });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error_key, 'NOT_AUTHENTICATED');
  });
});
