import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PriorityRank } from '../src/db/database.js';
import { toStoredDateTime } from '../src/shared/datetime.js';
import { startOfNextDay } from '../src/modules/work-queue/zoned-time.js';
import { addCall, countsOf, setUp, type Item } from './helpers/call-logs.js';
import { describeEachDatabase, type Harness } from './helpers/harness.js';

/**
 * The work-queue views: `assignee`, `priority[]`, `due` filters and the `due` / `priority` orders on
 * the list, and the work counts on /counts. Due times are set relative to now (and to the end of
 * today in Europe/Paris, the default clinic zone), so the answers hold whenever the tests run.
 */
describeEachDatabase('Work queue: lists, orders and counts', (h) => {
  const at = (ms: number) => toStoredDateTime(new Date(ms));
  const wire = (stored: string | null) => (stored === null ? null : `${stored.replace(' ', 'T')}Z`);
  const PRIORITY = { 1: 'Urgent', 2: 'High', 3: 'Normal', 4: 'Low' } as const;

  /** Sets a call's work state behind the app's back and returns the list item the API must show for it. */
  async function work(item: Item, values: { assignee?: { id: number; name: string }; priority?: PriorityRank; due?: string | null }) {
    await h.database.db
      .updateTable('call_log_work')
      .set({
        assignee_user_id: values.assignee?.id ?? null,
        priority: values.priority ?? 3,
        callback_due_at: values.due ?? null,
      })
      .where('call_log_id', '=', item.id)
      .execute();
    return {
      ...item,
      assignee: values.assignee ?? null,
      priority: PRIORITY[values.priority ?? 3],
      callback_due_at: wire(values.due ?? null),
    };
  }

  /** Seven calls: every combination the views tell apart. */
  async function queue(h: Harness) {
    const { clinic, token, url } = await setUp(h);
    const me = (await h.call({ method: 'GET', url: '/api/v1/auth/me', token })).body;
    const colleague = await h.createUser('staff', [clinic.id]);
    const mine = { id: me.id as number, name: (me.full_name ?? me.email) as string };
    const theirs = { id: colleague.id, name: colleague.email };
    const now = Date.now();
    const endOfToday = startOfNextDay(new Date(now), 'Europe/Paris').getTime();
    const call = (day: number, status: 'NEW' | 'IN_PROGRESS' | 'DONE' | 'ARCHIVED', name: string) =>
      addCall(h, clinic, { call_started_at: `2026-10-0${day} 09:00:00`, status, caller_last_name: name });
    const calls = {
      a: await work(await call(1, 'NEW', 'Martin'), { assignee: mine, due: at(now - 2 * 3600_000) }),
      b: await work(await call(2, 'IN_PROGRESS', 'Bernard'), { priority: 1, due: at(now - 3600_000) }),
      c: await work(await call(3, 'NEW', 'Martin'), { assignee: theirs, priority: 2, due: at(endOfToday - 1000) }),
      d: await work(await call(4, 'NEW', 'Durand'), { priority: 4, due: at(endOfToday) }),
      e: await work(await call(5, 'NEW', 'Martin'), {}),
      f: await work(await call(6, 'DONE', 'Petit'), { assignee: mine, priority: 1, due: at(now - 3 * 3600_000) }),
      g: await work(await call(7, 'ARCHIVED', 'Roux'), {}),
    };
    return { clinic, token, url, me, colleague, calls };
  }

  describe('each view', () => {
    let scene: Awaited<ReturnType<typeof queue>>;
    before(async () => {
      scene = await queue(h);
    });
    const page = (items: Item[], total = items.length, limit = 20, pageNumber = 1) => ({
      items,
      total,
      page: pageNumber,
      limit,
      pages: Math.ceil(total / limit),
    });
    const list = async (query: string) => {
      const response = await h.call({ method: 'GET', url: scene.url(query), token: scene.token });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body;
    };

    const OPEN = 'status[]=New&status[]=In%20Progress';
    const cases: [string, (c: typeof scene.calls) => Item[]][] = [
      ['assignee=me', (c) => [c.f, c.a]],
      [`assignee=me&${OPEN}`, (c) => [c.a]],
      ['assignee=none', (c) => [c.g, c.e, c.d, c.b]],
      ['priority[]=Urgent', (c) => [c.f, c.b]],
      ['priority[]=urgent&priority[]=Low', (c) => [c.f, c.d, c.b]],
      ['due=overdue', (c) => [c.b, c.a]],
      ['due=today', (c) => [c.c, c.b, c.a]],
      ['due=overdue&status[]=In%20Progress', (c) => [c.b]],
      ['due=overdue&status[]=Done', () => []],
      ['due=overdue&sort=priority', (c) => [c.b, c.a]],
      ['sort=due', (c) => [c.f, c.a, c.b, c.c, c.d, c.g, c.e]],
      ['sort=priority', (c) => [c.f, c.b, c.c, c.a, c.g, c.e, c.d]],
      [`sort=due&${OPEN}`, (c) => [c.a, c.b, c.c, c.d, c.e]],
      [`sort=priority&${OPEN}`, (c) => [c.b, c.c, c.a, c.e, c.d]],
      ['sort=newest', (c) => [c.g, c.f, c.e, c.d, c.c, c.b, c.a]],
      ['search=martin&sort=priority', (c) => [c.c, c.a, c.e]],
      ['search=martin&due=today', (c) => [c.c, c.a]],
      ['assignee=none&sort=due&reason_for_call[]=Other', () => []],
    ];
    for (const [query, expected] of cases) {
      test(`?${query}`, async () => {
        assert.deepEqual(await list(query), page(expected(scene.calls)));
      });
    }

    test('a user id, and the pages of a work-queue order', async () => {
      const { calls, colleague } = scene;
      assert.deepEqual(await list(`assignee=${colleague.id}`), page([calls.c]));
      assert.deepEqual(await list('sort=due&limit=2&page=2'), page([calls.b, calls.c], 7, 2, 2));
      assert.deepEqual(await list(`sort=priority&${OPEN}&limit=2&page=3`), page([calls.d], 5, 2, 3));
    });

    test('counts: the work views’ open calls, and the status counts narrowed by the work filters', async () => {
      const counts = async (query = '') => {
        const response = await h.call({ method: 'GET', url: `${scene.url()}/counts${query ? `?${query}` : ''}`, token: scene.token });
        assert.equal(response.status, 200, JSON.stringify(response.body));
        return response.body;
      };
      const work = { mine: 1, unassigned: 3, urgent: 1, overdue: 2, due_today: 3 };
      assert.deepEqual(await counts(), countsOf({ New: 4, 'In Progress': 1, Done: 1, Archived: 1 }, work));
      assert.deepEqual(await counts('assignee=me'), countsOf({ New: 1, 'In Progress': 0, Done: 1, Archived: 0 }, work));
      assert.deepEqual(await counts('due=overdue'), countsOf({ New: 1, 'In Progress': 1, Done: 0, Archived: 0 }, work));
      assert.deepEqual(
        await counts('search=martin'),
        countsOf({ New: 3, 'In Progress': 0, Done: 0, Archived: 0 }, { mine: 1, unassigned: 1, urgent: 0, overdue: 1, due_today: 2 }),
      );
      // Another user's "mine".
      const theirs = await h.call({
        method: 'GET',
        url: `${scene.url()}/counts`,
        token: await h.login(scene.colleague.email, 'correct horse battery'),
      });
      assert.equal(theirs.body.mine, 1);
    });

    test('bad values: 422 naming the parameter', async () => {
      for (const [query, loc] of [
        ['assignee=everyone', ['query', 'assignee']],
        ['assignee=0', ['query', 'assignee']],
        ['due=tomorrow', ['query', 'due']],
        ['sort=oldest', ['query', 'sort']],
        ['priority[]=Critical', ['query', 'priority[]', 0]],
      ] as const) {
        const response = await h.call({ method: 'GET', url: scene.url(query), token: scene.token });
        assert.equal(response.status, 422, query);
        assert.equal(response.body.error_key, 'VALIDATION_ERROR');
        assert.deepEqual(
          response.body.errors.map((e: { loc: unknown }) => e.loc),
          [loc],
        );
      }
      const counts = await h.call({ method: 'GET', url: `${scene.url()}/counts?due=soon`, token: scene.token });
      assert.equal(counts.status, 422);
    });

    test('another clinic’s work views: 404', async () => {
      const other = await setUp(h);
      for (const path of ['?assignee=me', '?due=overdue', '/counts?sort=due'.replace('?sort=due', '')]) {
        const response = await h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${scene.clinic.id}${path}`, token: other.token });
        assert.equal(response.status, 404);
        assert.equal(response.body.error_key, 'CLINIC_NOT_FOUND');
      }
    });
  });

  test('a PATCH moves the views and their counts at once (cached pages follow)', async () => {
    const { url, token, calls } = await queue(h);
    const view = async (query: string) => (await h.call({ method: 'GET', url: url(query), token })).body.items.map((i: Item) => i.id);
    const counts = async () => (await h.call({ method: 'GET', url: `${url()}/counts`, token })).body;
    assert.deepEqual(await view('assignee=me'), [calls.f.id, calls.a.id]);
    assert.equal((await counts()).mine, 1);
    const me = (await h.call({ method: 'GET', url: '/api/v1/auth/me', token })).body;
    await h.call({ method: 'PATCH', url: `/api/v1/call-logs/${calls.e.id}`, token, payload: { assignee_id: me.id, priority: 'Urgent' } });
    assert.deepEqual(await view('assignee=me'), [calls.f.id, calls.e.id, calls.a.id]);
    assert.deepEqual(await view('priority[]=Urgent'), [calls.f.id, calls.e.id, calls.b.id]);
    assert.deepEqual({ ...(await counts()) }, { ...(await counts()), mine: 2, unassigned: 2, urgent: 2 });
    await h.call({ method: 'PATCH', url: `/api/v1/call-logs/${calls.b.id}`, token, payload: { status: 'Done' } });
    assert.deepEqual(await view('due=overdue'), [calls.a.id]);
    assert.equal((await counts()).overdue, 1);
  });

  test('a call becomes overdue when its due time passes, with no write in between', async () => {
    const { clinic, token, url } = await setUp(h);
    const soon = await work(await addCall(h, clinic), { due: at(Date.now() + 1500) });
    const overdue = async () => (await h.call({ method: 'GET', url: url('due=overdue'), token })).body.total;
    const counted = async () => (await h.call({ method: 'GET', url: `${url()}/counts`, token })).body.overdue;
    assert.equal(await overdue(), 0);
    assert.equal(await counted(), 0);
    await sleep(2600);
    assert.equal(await overdue(), 1, `call ${soon.id} was due at ${soon.callback_due_at}`);
    assert.equal(await counted(), 1);
  });
});
