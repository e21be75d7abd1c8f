import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addCall, assertValidationError, onePage, setUp } from './helpers/call-logs.js';
import { describeEachDatabase } from './helpers/harness.js';

/**
 * The dashboard's filters on the list (reason, date range) and the per-status counts behind its
 * chips: the same validation as the other parameters, and counts that honour every filter but status.
 */
describeEachDatabase('call-log filters and counts', (h) => {
  test('reason_for_call[] keeps the calls with one of the reasons (labels or enum names)', async () => {
    const { clinic, token, url } = await setUp(h);
    const emergency = await addCall(h, clinic, { reason_for_call: 'EMERGENCY', call_started_at: '2026-10-02 08:00:00' });
    const cancel = await addCall(h, clinic, { reason_for_call: 'CANCELLATION', call_started_at: '2026-10-02 09:00:00' });
    await addCall(h, clinic, { reason_for_call: 'NEW_APPOINTMENT' });
    await addCall(h, clinic, {});
    const get = async (query: string) => (await h.call({ method: 'GET', url: url(query), token })).body;
    assert.deepEqual(await get('reason_for_call[]=Emergency'), onePage([emergency]));
    assert.deepEqual(await get('reason_for_call[]=Emergency&reason_for_call[]=Cancellation'), onePage([emergency, cancel]));
    assert.deepEqual(await get('reason_for_call=emergency&reason_for_call[]=CANCELLATION'), onePage([emergency, cancel]));
    assertValidationError(await h.call({ method: 'GET', url: url('reason_for_call[]=Toothache'), token }), [['query', 'reason_for_call[]', 0]]);
  });

  test('started_from (inclusive) and started_to (exclusive) bound the start time, in any offset', async () => {
    const { clinic, token, url } = await setUp(h);
    const early = await addCall(h, clinic, { call_started_at: '2026-10-01 08:00:00' });
    const midday = await addCall(h, clinic, { call_started_at: '2026-10-01 12:00:00' });
    const late = await addCall(h, clinic, { call_started_at: '2026-10-01 18:00:00' });
    const get = async (query: string) => (await h.call({ method: 'GET', url: url(query), token })).body;
    assert.deepEqual(await get('started_from=2026-10-01T12:00:00Z'), onePage([midday, late]));
    assert.deepEqual(await get('started_to=2026-10-01T12:00:00Z'), onePage([early]));
    assert.deepEqual(await get('started_from=2026-10-01T08:00:00Z&started_to=2026-10-01T18:00:00Z'), onePage([early, midday]));
    // 14:00 in Paris (UTC+2 in October) is 12:00 UTC.
    assert.deepEqual(await get(`started_from=${encodeURIComponent('2026-10-01T14:00:00+02:00')}`), onePage([midday, late]));
    assertValidationError(await h.call({ method: 'GET', url: url('started_from=yesterday'), token }), [['query', 'started_from']]);
    assertValidationError(
      await h.call({ method: 'GET', url: url('started_from=2026-10-02T00:00:00Z&started_to=2026-10-01T00:00:00Z'), token }),
      [['query', 'started_to']],
    );
  });

  test('counts: every status, honouring search, reason and dates but never the status filter', async () => {
    const { clinic, token, url } = await setUp(h);
    const counts = (query = '') =>
      h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${clinic.id}/counts${query ? `?${query}` : ''}`, token });
    assert.deepEqual((await counts()).body, { New: 0, 'In Progress': 0, Done: 0, Archived: 0 });

    await addCall(h, clinic, { status: 'NEW', reason_for_call: 'EMERGENCY', caller_last_name: 'Côté' });
    await addCall(h, clinic, { status: 'NEW', reason_for_call: 'RESCHEDULE', caller_last_name: 'Roy' });
    await addCall(h, clinic, { status: 'IN_PROGRESS', reason_for_call: 'EMERGENCY', caller_last_name: 'Roy' });
    await addCall(h, clinic, { status: 'DONE', reason_for_call: 'EMERGENCY', call_started_at: '2026-09-01 10:00:00', caller_last_name: 'Côté' });
    await addCall(h, clinic, { status: 'ARCHIVED' });

    const all = await counts();
    assert.equal(all.status, 200);
    assert.deepEqual(all.body, { New: 2, 'In Progress': 1, Done: 1, Archived: 1 });
    assert.deepEqual((await counts('status[]=New')).body, { New: 2, 'In Progress': 1, Done: 1, Archived: 1 });
    assert.deepEqual((await counts('search=cote')).body, { New: 1, 'In Progress': 0, Done: 1, Archived: 0 });
    assert.deepEqual((await counts('reason_for_call[]=Emergency')).body, { New: 1, 'In Progress': 1, Done: 1, Archived: 0 });
    assert.deepEqual((await counts('started_from=2026-09-15T00:00:00Z')).body, { New: 2, 'In Progress': 1, Done: 0, Archived: 1 });

    // The list's total for each status is the count's.
    for (const [status, total] of Object.entries(all.body)) {
      const list = await h.call({ method: 'GET', url: url(`status[]=${encodeURIComponent(status)}`), token });
      assert.equal(list.body.total, total, status);
    }

    // A change of status moves the counts at once.
    const page = await h.call({ method: 'GET', url: url('status[]=New&limit=1'), token });
    await h.call({ method: 'PATCH', url: `/api/v1/call-logs/${page.body.items[0].id}`, token, payload: { status: 'Done' } });
    assert.deepEqual((await counts()).body, { New: 1, 'In Progress': 1, Done: 2, Archived: 1 });
    assertValidationError(await counts('search=' + 'x'.repeat(201)), [['query', 'search']]);
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
