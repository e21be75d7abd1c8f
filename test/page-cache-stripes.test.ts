import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VERSION_STRIPES } from '../src/db/migrations/2026-12-04-014-striped-clinic-versions.js';
import { addCall, countsOf, getWithQueries, newestFirst, setUp, STATUS, type Clinic, type Item } from './helpers/call-logs.js';
import { describeEachDatabase } from './helpers/harness.js';

type Status = (typeof STATUS)[keyof typeof STATUS];

/**
 * A clinic's version, counters and change ring are striped by call (migration 014): a status change
 * moves only its call's stripe, and a cached page or count compares all the stripes. Through the API,
 * these check that a page stays exact whichever stripe a write lands in (kept through an unrelated
 * change, recomputed by one that touches its filter), and that the per-status counts are the exact
 * sums of the stripes.
 */
describeEachDatabase('Cached pages and counts across the stripes of a clinic', (h) => {
  const stripeOf = (call: Item) => call.id % VERSION_STRIPES;

  /** Three calls of each stripe, all New, one a minute. */
  async function clinicWithCalls(): Promise<{ clinic: Clinic; url: (q?: string) => string; token: string; calls: Item[] }> {
    const { clinic, token, url } = await setUp(h);
    const calls: Item[] = [];
    for (let minute = 0; minute < 3 * VERSION_STRIPES; minute++) {
      calls.push(
        await addCall(h, clinic, { caller_last_name: 'Tremblay', call_started_at: `2026-10-01 10:${String(minute).padStart(2, '0')}:00` }),
      );
    }
    assert.equal(new Set(calls.map(stripeOf)).size, VERSION_STRIPES);
    return { clinic, url, token, calls };
  }

  async function patchStatus(token: string, call: Item, status: Status) {
    const response = await h.call({ method: 'PATCH', url: `/api/v1/call-logs/${call.id}`, token, payload: { status } });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    call.status = status;
  }

  async function get(url: string, token: string) {
    const { body, queries } = await getWithQueries(h, url, token);
    return { body, recomputed: queries.some((sql) => sql.includes('call_log_counters')) };
  }

  const page = (items: Item[]) => ({
    items: newestFirst(items),
    total: items.length,
    page: 1,
    limit: 20,
    pages: Math.ceil(items.length / 20),
  });

  const stripeVersions = async (clinicId: number) => {
    const rows = await h.database.db
      .selectFrom('call_log_versions')
      .select(['stripe', 'version'])
      .where('clinic_id', '=', clinicId)
      .execute();
    return Object.fromEntries(rows.map((row) => [Number(row.stripe), Number(row.version)]));
  };

  test('a page is kept through a change in another stripe that leaves it, recomputed by one that touches its filter', async () => {
    const { clinic, url, token, calls } = await clinicWithCalls();
    const done = url('status[]=Done');
    const inStripe = (stripe: number) => calls.filter((call) => stripeOf(call) === stripe);
    const isDone = () => calls.filter((call) => call.status === STATUS.DONE);

    await patchStatus(token, inStripe(0)[0]!, STATUS.DONE);
    await patchStatus(token, inStripe(1)[0]!, STATUS.DONE);
    assert.deepEqual((await get(done, token)).body, page(isDone()));

    // New to In Progress in stripe 2: only that stripe's version moves, and a page of Done calls stays.
    const before = await stripeVersions(clinic.id);
    await patchStatus(token, inStripe(2)[0]!, STATUS.IN_PROGRESS);
    const after = await stripeVersions(clinic.id);
    for (let stripe = 0; stripe < VERSION_STRIPES; stripe++) {
      if (stripe === 2) assert.ok(after[stripe]! > before[stripe]!, 'the call’s stripe moved');
      else assert.equal(after[stripe], before[stripe], `stripe ${stripe} did not move`);
    }
    const kept = await get(done, token);
    assert.deepEqual(kept.body, page(isDone()));
    assert.equal(kept.recomputed, false, 'a change in another stripe that leaves the page keeps it');

    // Two stripes move at once: one change leaves the page, the other brings a call into it.
    await patchStatus(token, inStripe(3)[0]!, STATUS.IN_PROGRESS);
    await patchStatus(token, inStripe(5)[1]!, STATUS.DONE);
    const joined = await get(done, token);
    assert.deepEqual(joined.body, page(isDone()));
    assert.equal(joined.recomputed, true, 'a call of another stripe became Done');

    // A change to a call the page shows, in yet another stripe than the last one.
    await patchStatus(token, inStripe(0)[0]!, STATUS.ARCHIVED);
    const left = await get(done, token);
    assert.deepEqual(left.body, page(isDone()));
    assert.equal(left.recomputed, true, 'a Done call left');

    // The same page, kept again through changes of every stripe that leave it.
    for (let stripe = 0; stripe < VERSION_STRIPES; stripe++) await patchStatus(token, inStripe(stripe)[2]!, STATUS.IN_PROGRESS);
    const keptAgain = await get(done, token);
    assert.deepEqual(keptAgain.body, page(isDone()));
    assert.equal(keptAgain.recomputed, false);
  });

  test('the per-status counts are the exact sums of the stripes after status changes in every stripe', async () => {
    const { clinic, url, token, calls } = await clinicWithCalls();
    const expected = () => {
      const byStatus = { New: 0, 'In Progress': 0, Done: 0, Archived: 0 };
      for (const call of calls) byStatus[call.status as Status]++;
      return countsOf(byStatus, { unassigned: byStatus.New + byStatus['In Progress'] });
    };
    const counts = async () => (await h.call({ method: 'GET', url: url().concat('/counts'), token })).body;
    assert.deepEqual(await counts(), expected());

    const statuses: Status[] = [STATUS.IN_PROGRESS, STATUS.DONE, STATUS.ARCHIVED, STATUS.NEW];
    for (const [index, call] of calls.entries()) {
      await patchStatus(token, call, statuses[index % statuses.length]!);
      if (index % 5 === 0) assert.deepEqual(await counts(), expected(), `after ${index + 1} changes`);
    }
    // Back and forth in one stripe, then a call moved twice.
    await patchStatus(token, calls[1]!, STATUS.DONE);
    await patchStatus(token, calls[1]!, STATUS.NEW);
    await patchStatus(token, calls[6]!, STATUS.ARCHIVED);
    assert.deepEqual(await counts(), expected());
    assert.deepEqual((await get(url(), token)).body, {
      ...page(calls),
      items: newestFirst(calls).slice(0, 20),
      pages: Math.ceil(calls.length / 20),
    });

    // Each stripe's own rows hold exactly its calls.
    const rows = await h.database.db.selectFrom('call_log_counters').selectAll().where('clinic_id', '=', clinic.id).execute();
    for (let stripe = 0; stripe < VERSION_STRIPES; stripe++) {
      for (const status of ['NEW', 'IN_PROGRESS', 'DONE', 'ARCHIVED'] as const) {
        const stored = rows.find((row) => Number(row.stripe) === stripe && row.status === status);
        const truth = calls.filter((call) => stripeOf(call) === stripe && call.status === STATUS[status]).length;
        assert.equal(Number(stored?.total ?? 0), truth, `stripe ${stripe}, ${status}`);
      }
    }
  });
});
