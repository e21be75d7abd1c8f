import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addCall, getWithQueries, newestFirst, setUp, STATUS, type Clinic, type Item } from './helpers/call-logs.js';
import { describeEachDatabase, type Harness } from './helpers/harness.js';

/**
 * A cached page outlives the writes that touch neither its filters nor its calls (the change ring of
 * migration 013, read by src/modules/call-logs/page-cache.ts), and stays exact: every answer here is
 * compared whole with what the calls hold. Whether the page was kept or computed again shows in the
 * SQL the request ran: a kept search page reads no word index. Writes go behind the app's back
 * (plain SQL), as another program's would.
 */
describeEachDatabase('Cached pages survive writes that do not touch them', (h) => {
  /** 25 calls named Tremblay (page 1 shows the newest 20) and 5 named Martin, one a minute. */
  async function clinicWithTremblays(): Promise<{ url: (q?: string) => string; token: string; tremblays: Item[]; martins: Item[] }> {
    const { clinic, token, url } = await setUp(h);
    const add = (last: string, minute: number) =>
      addCall(h, clinic, {
        caller_last_name: last,
        caller_phone_number: `+1514555${String(1000 + minute)}`,
        call_started_at: `2026-10-01 10:${String(minute).padStart(2, '0')}:00`,
      });
    const tremblays: Item[] = [];
    const martins: Item[] = [];
    for (let minute = 0; minute < 30; minute++)
      (minute % 6 === 5 ? martins : tremblays).push(await add(minute % 6 === 5 ? 'Martin' : 'Tremblay', minute));
    return { url, token, tremblays, martins };
  }

  const page = (items: Item[], pageNumber = 1) => ({
    items: newestFirst(items).slice((pageNumber - 1) * 20, pageNumber * 20),
    total: items.length,
    page: pageNumber,
    limit: 20,
    pages: Math.ceil(items.length / 20),
  });

  async function get(url: string, token: string) {
    const { body, queries } = await getWithQueries(h, url, token);
    return { body, recomputed: queries.some((sql) => sql.includes('call_log_words') || sql.includes('call_log_counters')) };
  }

  const setStatus = (harness: Harness, id: number, status: 'NEW' | 'IN_PROGRESS' | 'DONE' | 'ARCHIVED') =>
    harness.database.db.updateTable('call_logs').set({ status }).where('id', '=', id).execute();

  test('a status change of a call the page does not show keeps it; of a call it shows, recomputes it', async () => {
    const { url, token, tremblays, martins } = await clinicWithTremblays();
    const search = url('search=tremblay');
    assert.deepEqual((await get(search, token)).body, page(tremblays));

    // The oldest Tremblay is on page 2; a Martin is on no page of this search.
    const oldest = newestFirst(tremblays).at(-1)!;
    await setStatus(h, oldest.id, 'DONE');
    await setStatus(h, martins[0]!.id, 'ARCHIVED');
    Object.assign(oldest, { status: STATUS.DONE });
    const kept = await get(search, token);
    assert.deepEqual(kept.body, page(tremblays));
    assert.equal(kept.recomputed, false, 'the page was kept');
    // Page 2 shows the changed call: recomputed, with its new status.
    const second = await get(url('search=tremblay&page=2'), token);
    assert.deepEqual(second.body, page(tremblays, 2));
    assert.equal(second.recomputed, true);

    const newest = newestFirst(tremblays)[0]!;
    await setStatus(h, newest.id, 'IN_PROGRESS');
    Object.assign(newest, { status: STATUS.IN_PROGRESS });
    const changed = await get(search, token);
    assert.deepEqual(changed.body, page(tremblays));
    assert.equal(changed.recomputed, true, 'a call on the page changed');
  });

  test('a page filtered by status: a change between two other statuses keeps it, one into its statuses recomputes it', async () => {
    const { url, token, tremblays } = await clinicWithTremblays();
    const open = url('search=tremblay&status[]=New');
    const [a, b] = newestFirst(tremblays).slice(-2) as [Item, Item];
    await setStatus(h, a.id, 'DONE');
    await setStatus(h, b.id, 'DONE');
    Object.assign(a, { status: STATUS.DONE });
    Object.assign(b, { status: STATUS.DONE });
    const isNew = () => tremblays.filter((call) => call.status === STATUS.NEW);
    assert.deepEqual((await get(open, token)).body, page(isNew()));

    await setStatus(h, a.id, 'ARCHIVED');
    Object.assign(a, { status: STATUS.ARCHIVED });
    const kept = await get(open, token);
    assert.deepEqual(kept.body, page(isNew()));
    assert.equal(kept.recomputed, false, 'Done to Archived does not touch a page of New calls');

    await setStatus(h, b.id, 'NEW');
    Object.assign(b, { status: STATUS.NEW });
    const moved = await get(open, token);
    assert.deepEqual(moved.body, page(isNew()));
    assert.equal(moved.recomputed, true);
  });

  test('a new call, a moved start, a new name, or a version moved without a note recompute the page', async () => {
    const { url, token, tremblays, martins } = await clinicWithTremblays();
    const search = url('search=tremblay');
    const db = h.database.db;
    const expectRecomputed = async (what: string) => {
      const answer = await get(search, token);
      assert.deepEqual(answer.body, page(tremblays), what);
      assert.equal(answer.recomputed, true, what);
    };
    assert.deepEqual((await get(search, token)).body, page(tremblays));

    const clinic = tremblays[0]!.clinic as Clinic;
    tremblays.push(await addCall(h, clinic, { caller_last_name: 'Tremblay', call_started_at: '2026-10-01 11:00:00' }));
    await expectRecomputed('a new call');

    const martin = martins[1]!;
    await db.updateTable('call_logs').set({ caller_last_name: 'Tremblay' }).where('id', '=', martin.id).execute();
    tremblays.push({ ...martin, caller_last_name: 'Tremblay' });
    await expectRecomputed('a name that now matches');

    const oldest = newestFirst(tremblays).at(-1)!;
    await db.updateTable('call_logs').set({ call_started_at: '2026-10-02 08:00:00' }).where('id', '=', oldest.id).execute();
    Object.assign(oldest, { call_started_at: '2026-10-02T08:00:00Z' });
    await expectRecomputed('a new start');

    // As `reconcile` or another program moving the version directly: nothing says what changed.
    await db
      .updateTable('call_log_versions')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('clinic_id', '=', clinic.id)
      .execute();
    await expectRecomputed('a version without a note');
  });
});
