import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addCall, assertValidationError, countsOf, onePage, setUp } from './helpers/call-logs.js';
import { sharedFixture } from './helpers/fixture.js';
import { describeEachDatabase, type Harness } from './helpers/harness.js';

/**
 * The dashboard's filters on the list (reason, date range) and the per-status counts behind its
 * chips: the same validation as the other parameters, and counts that honour every filter but status.
 */

/** Five calls across statuses, reasons, names and dates, for the counts. */
async function countsClinic(h: Harness) {
  const { clinic, token, url } = await setUp(h);
  await addCall(h, clinic, { status: 'NEW', reason_for_call: 'EMERGENCY', caller_last_name: 'Côté' });
  await addCall(h, clinic, { status: 'NEW', reason_for_call: 'RESCHEDULE', caller_last_name: 'Roy' });
  await addCall(h, clinic, { status: 'IN_PROGRESS', reason_for_call: 'EMERGENCY', caller_last_name: 'Roy' });
  await addCall(h, clinic, {
    status: 'DONE',
    reason_for_call: 'EMERGENCY',
    call_started_at: '2026-09-01 10:00:00',
    caller_last_name: 'Côté',
  });
  await addCall(h, clinic, { status: 'ARCHIVED' });
  const counts = (query = '') =>
    h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${clinic.id}/counts${query ? `?${query}` : ''}`, token });
  return { token, url, counts };
}

// Open calls: Côté (New, Emergency), Roy (New), Roy (In Progress, Emergency); inserted directly, so with no due time.
const ALL_BY_STATUS = { New: 2, 'In Progress': 1, Done: 1, Archived: 1 };
const ALL_COUNTS = countsOf(ALL_BY_STATUS, { unassigned: 3, urgent: 2 });

describeEachDatabase('call-log filters and counts', (h) => {
  describe('reason_for_call[] keeps the calls with one of the reasons (labels or enum names)', () => {
    const fixture = sharedFixture(async () => {
      const { clinic, token, url } = await setUp(h);
      const emergency = await addCall(h, clinic, { reason_for_call: 'EMERGENCY', call_started_at: '2026-10-02 08:00:00' });
      const cancel = await addCall(h, clinic, { reason_for_call: 'CANCELLATION', call_started_at: '2026-10-02 09:00:00' });
      await addCall(h, clinic, { reason_for_call: 'NEW_APPOINTMENT' });
      await addCall(h, clinic, {});
      return { token, url, calls: { emergency, cancel } };
    });
    for (const [query, keeps] of [
      ['reason_for_call[]=Emergency', ['emergency']],
      ['reason_for_call[]=Emergency&reason_for_call[]=Cancellation', ['emergency', 'cancel']],
      ['reason_for_call=emergency&reason_for_call[]=CANCELLATION', ['emergency', 'cancel']],
    ] as const) {
      test(`?${query}`, async () => {
        const { token, url, calls } = fixture();
        assert.deepEqual((await h.call({ method: 'GET', url: url(query), token })).body, onePage(keeps.map((name) => calls[name])));
      });
    }
    test('?reason_for_call[]=Toothache is a 422', async () => {
      const { token, url } = fixture();
      const response = await h.call({ method: 'GET', url: url('reason_for_call[]=Toothache'), token });
      assertValidationError(response, [['query', 'reason_for_call[]', 0]]);
    });
  });

  describe('started_from (inclusive) and started_to (exclusive) bound the start time, in any offset', () => {
    const fixture = sharedFixture(async () => {
      const { clinic, token, url } = await setUp(h);
      const early = await addCall(h, clinic, { call_started_at: '2026-10-01 08:00:00' });
      const midday = await addCall(h, clinic, { call_started_at: '2026-10-01 12:00:00' });
      const late = await addCall(h, clinic, { call_started_at: '2026-10-01 18:00:00' });
      return { token, url, calls: { early, midday, late } };
    });
    for (const [query, keeps] of [
      ['started_from=2026-10-01T12:00:00Z', ['midday', 'late']],
      ['started_to=2026-10-01T12:00:00Z', ['early']],
      ['started_from=2026-10-01T08:00:00Z&started_to=2026-10-01T18:00:00Z', ['early', 'midday']],
      // 14:00 in Paris (UTC+2 in October) is 12:00 UTC.
      [`started_from=${encodeURIComponent('2026-10-01T14:00:00+02:00')}`, ['midday', 'late']],
    ] as const) {
      test(`?${query}`, async () => {
        const { token, url, calls } = fixture();
        assert.deepEqual((await h.call({ method: 'GET', url: url(query), token })).body, onePage(keeps.map((name) => calls[name])));
      });
    }
    test('?started_from=yesterday is a 422', async () => {
      const { token, url } = fixture();
      assertValidationError(await h.call({ method: 'GET', url: url('started_from=yesterday'), token }), [['query', 'started_from']]);
    });
    test('started_to before started_from is a 422 naming started_to', async () => {
      const { token, url } = fixture();
      assertValidationError(
        await h.call({ method: 'GET', url: url('started_from=2026-10-02T00:00:00Z&started_to=2026-10-01T00:00:00Z'), token }),
        [['query', 'started_to']],
      );
    });
  });

  test('counts: a clinic without calls has zero of every status', async () => {
    const { clinic, token } = await setUp(h);
    const response = await h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${clinic.id}/counts`, token });
    assert.deepEqual(response.body, countsOf({ New: 0, 'In Progress': 0, Done: 0, Archived: 0 }));
  });

  describe('counts: every status, honouring search, reason and dates but never the status filter', () => {
    const fixture = sharedFixture(() => countsClinic(h));
    test('no filter: every status', async () => {
      const all = await fixture().counts();
      assert.equal(all.status, 200);
      assert.deepEqual(all.body, ALL_COUNTS);
    });
    for (const [query, expected] of [
      ['status[]=New', ALL_COUNTS],
      ['search=cote', countsOf({ New: 1, 'In Progress': 0, Done: 1, Archived: 0 }, { unassigned: 1, urgent: 1 })],
      ['reason_for_call[]=Emergency', countsOf({ New: 1, 'In Progress': 1, Done: 1, Archived: 0 }, { unassigned: 2, urgent: 2 })],
      ['started_from=2026-09-15T00:00:00Z', countsOf({ New: 2, 'In Progress': 1, Done: 0, Archived: 1 }, { unassigned: 3, urgent: 2 })],
    ] as const) {
      test(`?${query}`, async () => {
        assert.deepEqual((await fixture().counts(query)).body, expected);
      });
    }
    // The list's total for each status is the count's.
    for (const [status, total] of Object.entries(ALL_BY_STATUS)) {
      test(`the list's total for ${status} is its count`, async () => {
        const { token, url, counts } = fixture();
        assert.equal((await counts()).body[status], total);
        const list = await h.call({ method: 'GET', url: url(`status[]=${encodeURIComponent(status)}`), token });
        assert.equal(list.body.total, total, status);
      });
    }
    test('a search over 200 characters is a 422', async () => {
      assertValidationError(await fixture().counts('search=' + 'x'.repeat(201)), [['query', 'search']]);
    });
  });

  test('counts: a change of status moves the counts at once', async () => {
    const { token, url, counts } = await countsClinic(h);
    assert.deepEqual((await counts()).body, ALL_COUNTS);
    const page = await h.call({ method: 'GET', url: url('status[]=New&limit=1'), token });
    await h.call({ method: 'PATCH', url: `/api/v1/call-logs/${page.body.items[0].id}`, token, payload: { status: 'Done' } });
    // The newest New call was Roy's reschedule: the two emergencies stay open.
    assert.deepEqual((await counts()).body, countsOf({ New: 1, 'In Progress': 1, Done: 2, Archived: 1 }, { unassigned: 2, urgent: 2 }));
  });

  test('counts of another clinic: the same 404 as a clinic that does not exist', async () => {
    const mine = await setUp(h);
    const theirs = await h.createClinic();
    const response = await h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${theirs.id}/counts`, token: mine.token });
    assert.equal(response.status, 404);
    assert.deepEqual(response.body, { detail: 'No such clinic.', error_key: 'CLINIC_NOT_FOUND' });
    const missing = await h.call({ method: 'GET', url: '/api/v1/call-logs/by-clinic/999999/counts', token: mine.token });
    assert.deepEqual(missing.body, response.body);
  });
});
