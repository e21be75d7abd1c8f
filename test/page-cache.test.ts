import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addCall, countsOf, onePage, setUp } from './helpers/call-logs.js';
import { describeEachDatabase } from './helpers/harness.js';

/**
 * List pages and counts are cached per version of the clinic's calls (call-logs/service.ts). That is
 * only right while every write to `call_logs`, from any program, moves the version: these tests write
 * behind the app's back (straight SQL, no API) and expect the next request to see it.
 */
describeEachDatabase('Cached pages follow every write', (h) => {
  const counts = async (url: (q?: string) => string, token: string) =>
    (await h.call({ method: 'GET', url: `${url()}/counts`, token })).body;

  test('an insert, an update and a delete by another program show on the next request', async () => {
    const { clinic, token, url } = await setUp(h);
    const list = async () => (await h.call({ method: 'GET', url: url(), token })).body;
    const first = await addCall(h, clinic, { caller_last_name: 'Martin' });
    assert.deepEqual(await list(), onePage([first]));
    assert.deepEqual(await counts(url, token), countsOf({ New: 1, 'In Progress': 0, Done: 0, Archived: 0 }, { unassigned: 1 }));

    const second = await addCall(h, clinic, { call_started_at: '2026-10-02 09:00:00' });
    assert.deepEqual(await list(), onePage([first, second]));

    await h.database.db.updateTable('call_logs').set({ status: 'DONE' }).where('id', '=', first.id).execute();
    assert.deepEqual(await list(), onePage([{ ...first, status: 'Done' }, second]));
    assert.deepEqual(await counts(url, token), countsOf({ New: 1, 'In Progress': 0, Done: 1, Archived: 0 }, { unassigned: 1 }));

    await h.database.db.deleteFrom('call_logs').where('id', '=', second.id).execute();
    assert.deepEqual(await list(), onePage([{ ...first, status: 'Done' }]));
    assert.deepEqual(await counts(url, token), countsOf({ New: 0, 'In Progress': 0, Done: 1, Archived: 0 }));
  });
});
