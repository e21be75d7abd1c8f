import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DATETIME_Z, addCall, assertValidationError, newestFirst, onePage, setUp, type Clinic, type Item } from './helpers/call-logs.js';
import { sharedFixture } from './helpers/fixture.js';
import { describeEachDatabase, type Harness } from './helpers/harness.js';

/**
 * GET /api/v1/call-logs/by-clinic/{clinic_id}: paging, ordering, the status filter, the search rules,
 * the embedded clinic and the datetimes. Every test works in a clinic of its own; where a table of cases
 * reads the same calls, its describe makes them once (`sharedFixture`) and each case is a test of its own.
 */

type Locs = (string | number)[][];

describeEachDatabase('GET /call-logs/by-clinic/{clinic_id}', (h) => {
  // ---------------------------------------------------------------- paging

  describe('defaults to page 1 of 20, newest first, with the arithmetic of the seed (45 calls)', () => {
    const fixture = sharedFixture(async () => {
      const { clinic, token, url } = await setUp(h);
      const items: Item[] = [];
      for (let i = 0; i < 45; i++) {
        const minute = String(i).padStart(2, '0');
        items.push(await addCall(h, clinic, { call_started_at: `2026-10-01 10:${minute}:00` }));
      }
      return { token, url, ordered: newestFirst(items) };
    });
    const pages: [query: string, expected: (ordered: Item[]) => object][] = [
      ['', (ordered) => ({ items: ordered.slice(0, 20), total: 45, page: 1, limit: 20, pages: 3 })],
      ['page=2', (ordered) => ({ items: ordered.slice(20, 40), total: 45, page: 2, limit: 20, pages: 3 })],
      ['page=3&limit=20', (ordered) => ({ items: ordered.slice(40), total: 45, page: 3, limit: 20, pages: 3 })],
      ['page=7&limit=7', (ordered) => ({ items: ordered.slice(42), total: 45, page: 7, limit: 7, pages: 7 })],
      ['limit=100', (ordered) => ({ items: ordered, total: 45, page: 1, limit: 100, pages: 1 })],
      ['limit=15&page=3', (ordered) => ({ items: ordered.slice(30), total: 45, page: 3, limit: 15, pages: 3 })],
    ];
    for (const [query, expected] of pages) {
      test(query ? `?${query}` : 'no query: page 1 of 20', async () => {
        const { token, url, ordered } = fixture();
        const response = await h.call({ method: 'GET', url: url(query), token });
        assert.equal(response.status, 200);
        assert.deepEqual(response.body, expected(ordered));
      });
    }
  });

  describe('a page past the end answers 200 with no items and the real totals (3 calls)', () => {
    const fixture = sharedFixture(async () => {
      const { clinic, token, url } = await setUp(h);
      for (let i = 0; i < 3; i++) await addCall(h, clinic);
      return { token, url };
    });
    for (const [query, expected] of [
      ['page=4&limit=1', { items: [], total: 3, page: 4, limit: 1, pages: 3 }],
      ['page=1000000', { items: [], total: 3, page: 1000000, limit: 20, pages: 1 }],
      ['page=2147483647&limit=100', { items: [], total: 3, page: 2147483647, limit: 100, pages: 1 }],
    ] as const) {
      test(`?${query}`, async () => {
        const { token, url } = fixture();
        const response = await h.call({ method: 'GET', url: url(query), token });
        assert.equal(response.status, 200);
        assert.deepEqual(response.body, expected);
      });
    }
  });

  test('a clinic without calls has zero pages', async () => {
    const { token, url } = await setUp(h);
    const response = await h.call({ method: 'GET', url: url(), token });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { items: [], total: 0, page: 1, limit: 20, pages: 0 });
  });

  test('calls of other clinics never appear or count', async () => {
    const { clinic, token, url } = await setUp(h);
    const other = await h.createClinic();
    await addCall(h, other, { caller_first_name: 'Jane' });
    const mine = await addCall(h, clinic, { caller_first_name: 'Jane' });
    const response = await h.call({ method: 'GET', url: url('search=jane'), token });
    assert.deepEqual(response.body, onePage([mine]));
  });

  describe('page and limit must be integers in range', () => {
    const fixture = sharedFixture(() => setUp(h));
    const bad: [string, Locs][] = [
      ['page=0', [['query', 'page']]],
      ['page=-1', [['query', 'page']]],
      ['page=abc', [['query', 'page']]],
      ['page=1.5', [['query', 'page']]],
      ['page=', [['query', 'page']]],
      ['limit=0', [['query', 'limit']]],
      ['limit=101', [['query', 'limit']]],
      ['limit=abc', [['query', 'limit']]],
      ['limit=1.5', [['query', 'limit']]],
      ['limit=-5', [['query', 'limit']]],
      ['page=2147483648', [['query', 'page']]],
      ['page=99999999999999999999', [['query', 'page']]],
      ['limit=99999999999999999999', [['query', 'limit']]],
      ['page=1&page=2', [['query', 'page']]],
      [
        'page=0&limit=101',
        [
          ['query', 'page'],
          ['query', 'limit'],
        ],
      ],
    ];
    for (const [query, locs] of bad) {
      test(`?${query} is a 422 naming ${locs.map((loc) => loc[1]).join(' and ')}`, async () => {
        const { token, url } = fixture();
        assertValidationError(await h.call({ method: 'GET', url: url(query), token }), locs);
      });
    }
    for (const query of ['page=1&limit=1', 'limit=100']) {
      test(`?${query} is in range`, async () => {
        const { token, url } = fixture();
        const response = await h.call({ method: 'GET', url: url(query), token });
        assert.equal(response.status, 200);
      });
    }
  });

  // ---------------------------------------------------------------- ordering

  test('orders by call_started_at newest first, then id descending, stably across pages', async () => {
    const { clinic, token, url } = await setUp(h);
    // Inserted out of order, with three calls sharing one timestamp.
    const x = await addCall(h, clinic, { call_started_at: '2026-10-02 08:00:00' });
    const y = await addCall(h, clinic, { call_started_at: '2026-09-30 23:59:59' });
    const z = await addCall(h, clinic, { call_started_at: '2026-10-02 08:00:01' });
    const w = await addCall(h, clinic, { call_started_at: '2026-10-02 08:00:00' });
    const v = await addCall(h, clinic, { call_started_at: '2026-10-02 08:00:00' });
    const u = await addCall(h, clinic, { call_started_at: '2025-12-31 23:00:00' });

    const expected = [z, v, w, x, y, u];
    const whole = await h.call({ method: 'GET', url: url(), token });
    assert.deepEqual(whole.body, { items: expected, total: 6, page: 1, limit: 20, pages: 1 });

    const pages = [];
    for (let page = 1; page <= 3; page++) {
      const response = await h.call({ method: 'GET', url: url(`limit=2&page=${page}`), token });
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, { items: expected.slice((page - 1) * 2, page * 2), total: 6, page, limit: 2, pages: 3 });
      pages.push(...response.body.items);
    }
    assert.deepEqual(pages, expected);
  });

  test('paging through many calls with one timestamp never repeats or skips a call', async () => {
    const { clinic, token, url } = await setUp(h);
    const items: Item[] = [];
    for (let i = 0; i < 23; i++) items.push(await addCall(h, clinic, { call_started_at: '2026-10-05 12:00:00' }));
    const seen: number[] = [];
    for (let page = 1; page <= 5; page++) {
      const response = await h.call({ method: 'GET', url: url(`limit=5&page=${page}`), token });
      assert.equal(response.body.pages, 5);
      seen.push(...response.body.items.map((item: Item) => item.id));
    }
    assert.deepEqual(
      seen,
      items.map((item) => item.id).sort((a, b) => b - a),
    );
  });

  // ---------------------------------------------------------------- status filter

  async function oneOfEachStatus(h: Harness, clinic: Clinic) {
    return {
      fresh: await addCall(h, clinic, { status: 'NEW', call_started_at: '2026-10-01 09:00:00' }),
      working: await addCall(h, clinic, { status: 'IN_PROGRESS', call_started_at: '2026-10-01 10:00:00' }),
      done: await addCall(h, clinic, { status: 'DONE', call_started_at: '2026-10-01 11:00:00' }),
      archived: await addCall(h, clinic, { status: 'ARCHIVED', call_started_at: '2026-10-01 12:00:00' }),
    };
  }
  type OneOfEach = Awaited<ReturnType<typeof oneOfEachStatus>>;

  /** A clinic with one call in each status, made once for a describe whose tests only read. */
  function clinicWithEachStatus() {
    return sharedFixture(async () => {
      const { clinic, token, url } = await setUp(h);
      return { token, url, calls: await oneOfEachStatus(h, clinic) };
    });
  }

  /** Each case: a query and the calls it must keep, picked from the clinic's four. */
  type StatusCase = [query: string, keeps: (calls: OneOfEach) => Item[]];

  function statusCases(fixture: ReturnType<typeof clinicWithEachStatus>, cases: StatusCase[]) {
    for (const [query, keeps] of cases) {
      test(query ? `?${query}` : 'no status filter keeps every call', async () => {
        const { token, url, calls } = fixture();
        const response = await h.call({ method: 'GET', url: url(query), token });
        assert.equal(response.status, 200, `${query}: ${JSON.stringify(response.body)}`);
        assert.deepEqual(response.body, onePage(keeps(calls)));
      });
    }
  }

  describe('status[] repeated keeps the calls in any of the statuses', () => {
    statusCases(clinicWithEachStatus(), [
      ['status[]=New&status[]=Done', (c) => [c.fresh, c.done]],
      ['status%5B%5D=In%20Progress&status%5B%5D=Archived', (c) => [c.working, c.archived]],
      ['status[]=Archived', (c) => [c.archived]],
      ['status[]=New&status[]=In+Progress&status[]=Done&status[]=Archived', (c) => [c.fresh, c.working, c.done, c.archived]],
      ['', (c) => [c.fresh, c.working, c.done, c.archived]],
    ]);
  });

  describe('plain status works too, alone, repeated and beside status[]', () => {
    statusCases(clinicWithEachStatus(), [
      ['status=Done', (c) => [c.done]],
      ['status=Done&status=New', (c) => [c.fresh, c.done]],
      ['status=Done&status[]=In%20Progress', (c) => [c.working, c.done]],
      ['status=Done&status[]=DONE&status[]=done', (c) => [c.done]],
    ]);
  });

  describe('labels and enum names are accepted in any case', () => {
    const cases: [string, keyof OneOfEach][] = [
      ['new', 'fresh'],
      ['NEW', 'fresh'],
      ['In Progress', 'working'],
      ['in progress', 'working'],
      ['IN PROGRESS', 'working'],
      ['IN_PROGRESS', 'working'],
      ['in_progress', 'working'],
      ['dOnE', 'done'],
      ['ARCHIVED', 'archived'],
      ['archived', 'archived'],
    ];
    statusCases(
      clinicWithEachStatus(),
      cases.flatMap(([value, call]) =>
        ['status[]', 'status'].map((key): StatusCase => [`${key}=${encodeURIComponent(value)}`, (calls) => [calls[call]]]),
      ),
    );
  });

  describe('an unknown status is a 422 naming the parameter', () => {
    const fixture = clinicWithEachStatus();
    const cases: [string, Locs][] = [
      ['status[]=Pending', [['query', 'status[]', 0]]],
      ['status[]=New&status[]=Closed', [['query', 'status[]', 1]]],
      ['status=Pending', [['query', 'status', 0]]],
      ['status=', [['query', 'status', 0]]],
      ['status=In-Progress', [['query', 'status', 0]]],
      ['status=New%20', [['query', 'status', 0]]],
      ['status=NEW_APPOINTMENT', [['query', 'status', 0]]],
      ['status=Done&status[]=Nope', [['query', 'status[]', 0]]],
    ];
    for (const [query, locs] of cases) {
      test(`?${query} is a 422 at ${JSON.stringify(locs)}`, async () => {
        const { token, url } = fixture();
        assertValidationError(await h.call({ method: 'GET', url: url(query), token }), locs);
      });
    }
  });

  describe('the status filter combines with search and paging', () => {
    const fixture = sharedFixture(async () => {
      const { clinic, token, url } = await setUp(h);
      const janeNew = await addCall(h, clinic, { caller_first_name: 'Jane', status: 'NEW', call_started_at: '2026-10-01 09:00:00' });
      const janeDone = await addCall(h, clinic, { caller_first_name: 'Jane', status: 'DONE', call_started_at: '2026-10-01 10:00:00' });
      const janeWorking = await addCall(h, clinic, {
        caller_first_name: 'Jane',
        status: 'IN_PROGRESS',
        call_started_at: '2026-10-01 11:00:00',
      });
      await addCall(h, clinic, { caller_first_name: 'Paul', status: 'NEW' });
      await addCall(h, clinic, { caller_first_name: 'Jane', status: 'ARCHIVED' });
      return { token, url, janeNew, janeDone, janeWorking };
    });

    test('with search: ?search=jane&status[]=New&status[]=Done&status=in_progress', async () => {
      const { token, url, janeNew, janeDone, janeWorking } = fixture();
      const response = await h.call({ method: 'GET', url: url('search=jane&status[]=New&status[]=Done&status=in_progress'), token });
      assert.deepEqual(response.body, onePage([janeNew, janeDone, janeWorking]));
    });

    test('with search and paging: ?search=jane&status[]=New&status[]=Done&limit=1&page=2', async () => {
      const { token, url, janeNew } = fixture();
      const paged = await h.call({ method: 'GET', url: url('search=jane&status[]=New&status[]=Done&limit=1&page=2'), token });
      assert.deepEqual(paged.body, { items: [janeNew], total: 2, page: 2, limit: 1, pages: 2 });
    });
  });

  // ---------------------------------------------------------------- search

  async function search(token: string, url: (q?: string) => string, text: string) {
    const response = await h.call({ method: 'GET', url: url(`search=${encodeURIComponent(text)}`), token });
    assert.equal(response.status, 200, `search ${JSON.stringify(text)}: ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /**
   * One test per search term: `make` adds the calls once (in a clinic of the describe's own) and returns them
   * by name; each case names the calls its term must find.
   */
  function searchCases<T extends Record<string, Item>>(make: (clinic: Clinic) => Promise<T>, cases: [term: string, finds: (keyof T)[]][]) {
    const fixture = sharedFixture(async () => {
      const { clinic, token, url } = await setUp(h);
      return { token, url, calls: await make(clinic) };
    });
    for (const [term, finds] of cases) {
      const found = finds.length ? `finds ${finds.join(' and ')}` : 'finds nothing';
      test(`${JSON.stringify(term)} ${found}`, async () => {
        const { token, url, calls } = fixture();
        assert.deepEqual(await search(token, url, term), onePage(finds.map((name) => calls[name]!)), term);
      });
    }
  }

  describe('search is trimmed, and an empty or blank search is no filter', () => {
    searchCases(
      async (clinic) => ({
        jane: await addCall(h, clinic, { caller_first_name: 'Jane', caller_last_name: 'Doe', call_started_at: '2026-10-01 09:00:00' }),
        paul: await addCall(h, clinic, { caller_first_name: 'Paul', caller_last_name: 'Martin', call_started_at: '2026-10-01 10:00:00' }),
      }),
      [
        ['', ['jane', 'paul']],
        ['   ', ['jane', 'paul']],
        ['\t \n', ['jane', 'paul']],
        ['  jane  ', ['jane']],
        ['  jane    doe  ', ['jane']],
        ['zzz', []],
      ],
    );
  });

  describe('a search over 200 characters is a 422; 200 is fine', () => {
    const fixture = sharedFixture(() => setUp(h));
    test('201 characters is a 422 naming search', async () => {
      const { token, url } = fixture();
      const tooLong = await h.call({ method: 'GET', url: url(`search=${'a'.repeat(201)}`), token });
      assertValidationError(tooLong, [['query', 'search']]);
    });
    test('41 words of 5 characters (205) is a 422 naming search', async () => {
      const { token, url } = fixture();
      const words = await h.call({ method: 'GET', url: url(`search=${encodeURIComponent('word '.repeat(41))}`), token });
      assertValidationError(words, [['query', 'search']]);
    });
    test('200 characters is fine', async () => {
      const { token, url } = fixture();
      const longest = await h.call({ method: 'GET', url: url(`search=${'a'.repeat(200)}`), token });
      assert.equal(longest.status, 200);
      assert.deepEqual(longest.body, onePage([]));
    });
  });

  describe('search ignores case and accents, both ways', () => {
    searchCases(
      async (clinic) => {
        const calls = {
          accented: await addCall(h, clinic, {
            caller_first_name: 'Hélène',
            caller_last_name: 'Dupont',
            call_started_at: '2026-10-01 09:00:00',
          }),
          plain: await addCall(h, clinic, {
            caller_first_name: 'Helene',
            caller_last_name: 'Martin',
            call_started_at: '2026-10-01 10:00:00',
          }),
          francois: await addCall(h, clinic, {
            caller_first_name: 'François',
            caller_last_name: 'Lefèvre',
            call_started_at: '2026-10-01 11:00:00',
          }),
        };
        await addCall(h, clinic, { caller_first_name: 'Helen', caller_last_name: 'Smith' });
        return calls;
      },
      [
        ['helene', ['accented', 'plain']],
        ['HÉLÈNE', ['accented', 'plain']],
        ['Hélène', ['accented', 'plain']],
        ['HELENE', ['accented', 'plain']],
        ['hélène dupont', ['accented']],
        ['helene MARTIN', ['plain']],
        ['francois', ['francois']],
        ['LEFEVRE', ['francois']],
        ['lefèvre', ['francois']],
      ],
    );
  });

  describe('every term must match (jane doe finds Jane Doe, not Jane Smith)', () => {
    searchCases(
      async (clinic) => ({
        janeDoe: await addCall(h, clinic, { caller_first_name: 'Jane', caller_last_name: 'Doe', call_started_at: '2026-10-01 09:00:00' }),
        janeSmith: await addCall(h, clinic, {
          caller_first_name: 'Jane',
          caller_last_name: 'Smith',
          call_started_at: '2026-10-01 10:00:00',
        }),
        johnDoe: await addCall(h, clinic, { caller_first_name: 'John', caller_last_name: 'Doe', call_started_at: '2026-10-01 11:00:00' }),
      }),
      [
        ['jane doe', ['janeDoe']],
        ['doe jane', ['janeDoe']],
        ['jane', ['janeDoe', 'janeSmith']],
        ['doe', ['janeDoe', 'johnDoe']],
        ['jane smith doe', []],
      ],
    );
  });

  describe('terms match in the summary, and across name, phone and summary', () => {
    searchCases(
      async (clinic) => {
        const calls = {
          parking: await addCall(h, clinic, {
            caller_first_name: 'Jane',
            caller_last_name: 'Doe',
            summary: 'Patient called to confirm appointment. Also asked about parking.',
            call_started_at: '2026-10-01 09:00:00',
          }),
          crown: await addCall(h, clinic, {
            caller_first_name: 'Marc',
            summary: 'Couronne cassée, souhaite un rendez-vous rapidement',
            call_started_at: '2026-10-01 10:00:00',
          }),
        };
        await addCall(h, clinic, { caller_first_name: 'Paul', summary: null });
        return calls;
      },
      [
        ['parking', ['parking']],
        ['jane parking', ['parking']],
        ['marc parking', []],
        ['cassee', ['crown']],
        ['RENDEZ-VOUS', ['crown']],
        ['marc couronne', ['crown']],
      ],
    );
  });

  describe('a term matches at the start of any word', () => {
    searchCases(
      async (clinic) => {
        const calls = {
          anneMarie: await addCall(h, clinic, {
            caller_first_name: 'Anne-Marie',
            caller_last_name: 'de la Tour',
            summary: 'Wants to reschedule her cleaning appointment',
          }),
        };
        await addCall(h, clinic, { caller_first_name: 'Bob', caller_last_name: 'Stone', summary: 'Billing question' });
        return calls;
      },
      ['anne', 'marie', 'tour', 'la', 'resched', 'clean', 'appoint', 'wan'].map((term): [string, 'anneMarie'[]] => [term, ['anneMarie']]),
    );
  });

  describe('digit terms match the phone digits anywhere', () => {
    const usNumber = [
      ...['555-123', '(555)', '4567', '(555) 123', '555.123.4567'],
      ...['+1555', '15551234567', '1234', '+1 555 123 4567', '555/123'],
    ];
    searchCases(
      async (clinic) => {
        const us = await addCall(h, clinic, { caller_phone_number: '+15551234567', call_started_at: '2026-10-01 09:00:00' });
        const formatted = await addCall(h, clinic, { caller_phone_number: '+1 (555) 123-4567', call_started_at: '2026-10-01 10:00:00' });
        await addCall(h, clinic, { caller_phone_number: '+33140000000' });
        // One number written two ways: the same caller, twice.
        us.caller_call_count = 2;
        formatted.caller_call_count = 2;
        const london = await addCall(h, clinic, { caller_phone_number: '+44 20 7946 0000', call_started_at: '2026-09-01 09:00:00' });
        return { us, formatted, london };
      },
      [
        ...usNumber.map((term): [string, ('us' | 'formatted' | 'london')[]] => [term, ['us', 'formatted']]),
        ['555-999', []],
        ['7946', ['london']],
        ['2079460', ['london']],
        ['7946-0000', ['london']],
      ],
    );
  });

  describe('%, _ and \\ are literal characters', () => {
    searchCases(
      async (clinic) => {
        const calls = {
          percent: await addCall(h, clinic, { summary: 'Asked about the 50% discount', call_started_at: '2026-10-01 09:00:00' }),
          underscore: await addCall(h, clinic, { summary: 'Sent file a_b.pdf', call_started_at: '2026-10-01 10:00:00' }),
          nearMiss: await addCall(h, clinic, { summary: 'Sent file axb.pdf and ab.pdf', call_started_at: '2026-10-01 11:00:00' }),
          backslash: await addCall(h, clinic, { summary: 'Path C:\\scans\\xray', call_started_at: '2026-10-01 12:00:00' }),
          bang: await addCall(h, clinic, { summary: 'Urgent! Pain since yesterday', call_started_at: '2026-10-01 13:00:00' }),
        };
        await addCall(h, clinic, { summary: 'Nothing special' });
        return calls;
      },
      [
        ['%', ['percent']],
        ['50%', ['percent']],
        ['%%', []],
        ['_', ['underscore']],
        ['a_b', ['underscore']],
        ['axb', ['nearMiss']],
        ['\\', ['backslash']],
        ['c:\\scans', ['backslash']],
        ['\\x', ['backslash']],
        ['!', ['bang']],
        ['urgent!', ['bang']],
      ],
    );
  });

  // ---------------------------------------------------------------- items

  test('each item carries its fields and the clinic exactly as GET /clinics/{id} returns it', async () => {
    const { clinic, token, url } = await setUp(h);
    const full = await addCall(h, clinic, {
      caller_first_name: 'Jane',
      caller_last_name: 'Doe',
      caller_phone_number: '+15551234567',
      call_started_at: '2023-10-27 09:30:00',
      reason_for_call: 'NEW_APPOINTMENT',
      callback_preference: 'AFTERNOON',
      is_existing_patient: 1,
      status: 'IN_PROGRESS',
    });
    const sparse = await addCall(h, clinic, {
      call_started_at: '2023-10-27 09:00:00',
      is_existing_patient: 0,
      reason_for_call: 'EMERGENCY',
    });

    const response = await h.call({ method: 'GET', url: url(), token });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, {
      items: [
        {
          id: full.id,
          external_call_id: full.external_call_id,
          caller_first_name: 'Jane',
          caller_last_name: 'Doe',
          caller_phone_number: '+15551234567',
          call_started_at: '2023-10-27T09:30:00Z',
          reason_for_call: 'New Appointment',
          status: 'In Progress',
          is_existing_patient: true,
          callback_preference: 'Afternoon',
          clinic,
          assignee: null,
          priority: 'Normal',
          callback_due_at: null,
          callback_attempts: 0,
          last_attempt_at: null,
          outcome: null,
          caller_call_count: 1,
        },
        {
          id: sparse.id,
          external_call_id: sparse.external_call_id,
          caller_first_name: null,
          caller_last_name: null,
          caller_phone_number: sparse.caller_phone_number,
          call_started_at: '2023-10-27T09:00:00Z',
          reason_for_call: 'Emergency',
          status: 'New',
          is_existing_patient: false,
          callback_preference: null,
          clinic,
          assignee: null,
          priority: 'Urgent',
          callback_due_at: null,
          callback_attempts: 0,
          last_attempt_at: null,
          outcome: null,
          caller_call_count: 1,
        },
      ],
      total: 2,
      page: 1,
      limit: 20,
      pages: 1,
    });
    assert.match(String(clinic.created_at), DATETIME_Z);
    assert.match(String(clinic.updated_at), DATETIME_Z);
  });

  test('datetimes are the stored UTC values with a Z, whatever TZ the host has', async () => {
    const { clinic, token, url } = await setUp(h);
    // 02:30 on 2026-03-29 does not exist in Paris (DST starts): any local-time round trip would move it.
    const spring = await addCall(h, clinic, { call_started_at: '2026-03-29 02:30:00' });
    const autumn = await addCall(h, clinic, { call_started_at: '2026-10-25 01:30:00' });
    const midnight = await addCall(h, clinic, { call_started_at: '2026-12-31 23:59:59' });
    const response = await h.call({ method: 'GET', url: url(), token });
    assert.deepEqual(
      response.body.items.map((item: Item) => [item.id, item.call_started_at]),
      [
        [midnight.id, '2026-12-31T23:59:59Z'],
        [autumn.id, '2026-10-25T01:30:00Z'],
        [spring.id, '2026-03-29T02:30:00Z'],
      ],
    );
    const shown = await h.call({ method: 'GET', url: `/api/v1/clinics/${clinic.id}`, token });
    assert.deepEqual(response.body.items[0].clinic, shown.body);
  });

  // ---------------------------------------------------------------- errors

  describe('an unknown clinic is a 404 CLINIC_NOT_FOUND, for staff and admin alike', () => {
    const fixture = sharedFixture(() => setUp(h));
    const expected = { detail: 'No such clinic.', error_key: 'CLINIC_NOT_FOUND' };
    for (const [who, tokenOf] of [
      ['staff', async () => fixture().token],
      ['admin', () => h.adminToken()],
    ] as const) {
      test(`for ${who}`, async () => {
        const response = await h.call({ method: 'GET', url: '/api/v1/call-logs/by-clinic/2147483000', token: await tokenOf() });
        assert.equal(response.status, 404);
        assert.deepEqual(response.body, expected);
      });
    }
  });

  describe('a bad clinic id in the path is a 422 naming it', () => {
    const fixture = sharedFixture(() => setUp(h));
    for (const id of ['abc', '0', '-3', '1.5', '99999999999']) {
      test(`clinic id ${JSON.stringify(id)}`, async () => {
        const response = await h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${id}`, token: fixture().token });
        assertValidationError(response, [['path', 'clinic_id']]);
      });
    }
  });

  test('without a token the list is a 401', async () => {
    const { url } = await setUp(h);
    const response = await h.call({ method: 'GET', url: url() });
    assert.equal(response.status, 401);
    assert.deepEqual(response.body, { detail: 'Sign in first: a valid bearer token is required.', error_key: 'NOT_AUTHENTICATED' });
  });
});
