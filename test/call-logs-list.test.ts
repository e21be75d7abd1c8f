import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DATETIME_Z, addCall, assertValidationError, newestFirst, onePage, setUp, type Clinic, type Item } from './helpers/call-logs.js';
import { describeEachDatabase, type Harness } from './helpers/harness.js';

/**
 * GET /api/v1/call-logs/by-clinic/{clinic_id}: paging, ordering, the status filter, the search rules,
 * the embedded clinic and the datetimes. Every test works in a clinic of its own.
 */

describeEachDatabase('GET /call-logs/by-clinic/{clinic_id}', (h) => {
  // ---------------------------------------------------------------- paging

  test('defaults to page 1 of 20, newest first, with the arithmetic of the seed', async () => {
    const { clinic, token, url } = await setUp(h);
    const items: Item[] = [];
    for (let i = 0; i < 45; i++) {
      const minute = String(i).padStart(2, '0');
      items.push(await addCall(h, clinic, { call_started_at: `2026-10-01 10:${minute}:00` }));
    }
    const ordered = newestFirst(items);

    const first = await h.call({ method: 'GET', url: url(), token });
    assert.equal(first.status, 200);
    assert.deepEqual(first.body, { items: ordered.slice(0, 20), total: 45, page: 1, limit: 20, pages: 3 });

    const second = await h.call({ method: 'GET', url: url('page=2'), token });
    assert.deepEqual(second.body, { items: ordered.slice(20, 40), total: 45, page: 2, limit: 20, pages: 3 });

    const last = await h.call({ method: 'GET', url: url('page=3&limit=20'), token });
    assert.deepEqual(last.body, { items: ordered.slice(40), total: 45, page: 3, limit: 20, pages: 3 });

    const sevens = await h.call({ method: 'GET', url: url('page=7&limit=7'), token });
    assert.deepEqual(sevens.body, { items: ordered.slice(42), total: 45, page: 7, limit: 7, pages: 7 });

    const all = await h.call({ method: 'GET', url: url('limit=100'), token });
    assert.deepEqual(all.body, { items: ordered, total: 45, page: 1, limit: 100, pages: 1 });

    const exact = await h.call({ method: 'GET', url: url('limit=15&page=3'), token });
    assert.deepEqual(exact.body, { items: ordered.slice(30), total: 45, page: 3, limit: 15, pages: 3 });
  });

  test('a page past the end answers 200 with no items and the real totals', async () => {
    const { clinic, token, url } = await setUp(h);
    for (let i = 0; i < 3; i++) await addCall(h, clinic);
    const response = await h.call({ method: 'GET', url: url('page=4&limit=1'), token });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { items: [], total: 3, page: 4, limit: 1, pages: 3 });

    const farAway = await h.call({ method: 'GET', url: url('page=1000000'), token });
    assert.equal(farAway.status, 200);
    assert.deepEqual(farAway.body, { items: [], total: 3, page: 1000000, limit: 20, pages: 1 });

    const lastPossible = await h.call({ method: 'GET', url: url('page=2147483647&limit=100'), token });
    assert.equal(lastPossible.status, 200);
    assert.deepEqual(lastPossible.body, { items: [], total: 3, page: 2147483647, limit: 100, pages: 1 });
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

  test('page and limit must be integers in range', async () => {
    const { token, url } = await setUp(h);
    const bad: [string, (string | number)[][]][] = [
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
      ['page=0&limit=101', [['query', 'page'], ['query', 'limit']]],
    ];
    for (const [query, locs] of bad) {
      const response = await h.call({ method: 'GET', url: url(query), token });
      assertValidationError(response, locs);
    }
    const edges = await h.call({ method: 'GET', url: url('page=1&limit=1'), token });
    assert.equal(edges.status, 200);
    const max = await h.call({ method: 'GET', url: url('limit=100'), token });
    assert.equal(max.status, 200);
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

  test('status[] repeated keeps the calls in any of the statuses', async () => {
    const { clinic, token, url } = await setUp(h);
    const { fresh, working, done, archived } = await oneOfEachStatus(h, clinic);

    const two = await h.call({ method: 'GET', url: url('status[]=New&status[]=Done'), token });
    assert.equal(two.status, 200);
    assert.deepEqual(two.body, onePage([fresh, done]));

    const encoded = await h.call({ method: 'GET', url: url('status%5B%5D=In%20Progress&status%5B%5D=Archived'), token });
    assert.deepEqual(encoded.body, onePage([working, archived]));

    const one = await h.call({ method: 'GET', url: url('status[]=Archived'), token });
    assert.deepEqual(one.body, onePage([archived]));

    const all = await h.call({
      method: 'GET',
      url: url('status[]=New&status[]=In+Progress&status[]=Done&status[]=Archived'),
      token,
    });
    assert.deepEqual(all.body, onePage([fresh, working, done, archived]));

    const none = await h.call({ method: 'GET', url: url(), token });
    assert.deepEqual(none.body, onePage([fresh, working, done, archived]));
  });

  test('plain status works too, alone, repeated and beside status[]', async () => {
    const { clinic, token, url } = await setUp(h);
    const { fresh, working, done } = await oneOfEachStatus(h, clinic);

    const single = await h.call({ method: 'GET', url: url('status=Done'), token });
    assert.deepEqual(single.body, onePage([done]));

    const repeated = await h.call({ method: 'GET', url: url('status=Done&status=New'), token });
    assert.deepEqual(repeated.body, onePage([fresh, done]));

    const mixed = await h.call({ method: 'GET', url: url('status=Done&status[]=In%20Progress'), token });
    assert.deepEqual(mixed.body, onePage([working, done]));

    const duplicate = await h.call({ method: 'GET', url: url('status=Done&status[]=DONE&status[]=done'), token });
    assert.deepEqual(duplicate.body, onePage([done]));
  });

  test('labels and enum names are accepted in any case', async () => {
    const { clinic, token, url } = await setUp(h);
    const { fresh, working, done, archived } = await oneOfEachStatus(h, clinic);
    const cases: [string, Item][] = [
      ['new', fresh],
      ['NEW', fresh],
      ['In Progress', working],
      ['in progress', working],
      ['IN PROGRESS', working],
      ['IN_PROGRESS', working],
      ['in_progress', working],
      ['dOnE', done],
      ['ARCHIVED', archived],
      ['archived', archived],
    ];
    for (const [value, item] of cases) {
      for (const key of ['status[]', 'status']) {
        const response = await h.call({ method: 'GET', url: url(`${key}=${encodeURIComponent(value)}`), token });
        assert.equal(response.status, 200, `${key}=${value}`);
        assert.deepEqual(response.body, onePage([item]), `${key}=${value}`);
      }
    }
  });

  test('an unknown status is a 422 naming the parameter', async () => {
    const { clinic, token, url } = await setUp(h);
    await oneOfEachStatus(h, clinic);
    const cases: [string, (string | number)[][]][] = [
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
      const response = await h.call({ method: 'GET', url: url(query), token });
      assertValidationError(response, locs);
    }
  });

  test('the status filter combines with search and paging', async () => {
    const { clinic, token, url } = await setUp(h);
    const janeNew = await addCall(h, clinic, { caller_first_name: 'Jane', status: 'NEW', call_started_at: '2026-10-01 09:00:00' });
    const janeDone = await addCall(h, clinic, { caller_first_name: 'Jane', status: 'DONE', call_started_at: '2026-10-01 10:00:00' });
    const janeWorking = await addCall(h, clinic, { caller_first_name: 'Jane', status: 'IN_PROGRESS', call_started_at: '2026-10-01 11:00:00' });
    await addCall(h, clinic, { caller_first_name: 'Paul', status: 'NEW' });
    await addCall(h, clinic, { caller_first_name: 'Jane', status: 'ARCHIVED' });

    const response = await h.call({ method: 'GET', url: url('search=jane&status[]=New&status[]=Done&status=in_progress'), token });
    assert.deepEqual(response.body, onePage([janeNew, janeDone, janeWorking]));

    const paged = await h.call({ method: 'GET', url: url('search=jane&status[]=New&status[]=Done&limit=1&page=2'), token });
    assert.deepEqual(paged.body, { items: [janeNew], total: 2, page: 2, limit: 1, pages: 2 });
  });

  // ---------------------------------------------------------------- search

  async function search(token: string, url: (q?: string) => string, text: string) {
    const response = await h.call({ method: 'GET', url: url(`search=${encodeURIComponent(text)}`), token });
    assert.equal(response.status, 200, `search ${JSON.stringify(text)}: ${JSON.stringify(response.body)}`);
    return response.body;
  }

  test('search is trimmed, and an empty or blank search is no filter', async () => {
    const { clinic, token, url } = await setUp(h);
    const jane = await addCall(h, clinic, { caller_first_name: 'Jane', caller_last_name: 'Doe', call_started_at: '2026-10-01 09:00:00' });
    const paul = await addCall(h, clinic, { caller_first_name: 'Paul', caller_last_name: 'Martin', call_started_at: '2026-10-01 10:00:00' });

    assert.deepEqual(await search(token, url, ''), onePage([jane, paul]));
    assert.deepEqual(await search(token, url, '   '), onePage([jane, paul]));
    assert.deepEqual(await search(token, url, '\t \n'), onePage([jane, paul]));
    assert.deepEqual(await search(token, url, '  jane  '), onePage([jane]));
    assert.deepEqual(await search(token, url, '  jane    doe  '), onePage([jane]));
    assert.deepEqual(await search(token, url, 'zzz'), onePage([]));
  });

  test('a search over 200 characters is a 422; 200 is fine', async () => {
    const { token, url } = await setUp(h);
    const tooLong = await h.call({ method: 'GET', url: url(`search=${'a'.repeat(201)}`), token });
    assertValidationError(tooLong, [['query', 'search']]);
    const words = await h.call({ method: 'GET', url: url(`search=${encodeURIComponent('word '.repeat(41))}`), token });
    assertValidationError(words, [['query', 'search']]);
    const longest = await h.call({ method: 'GET', url: url(`search=${'a'.repeat(200)}`), token });
    assert.equal(longest.status, 200);
    assert.deepEqual(longest.body, onePage([]));
  });

  test('search ignores case and accents, both ways', async () => {
    const { clinic, token, url } = await setUp(h);
    const accented = await addCall(h, clinic, { caller_first_name: 'Hélène', caller_last_name: 'Dupont', call_started_at: '2026-10-01 09:00:00' });
    const plain = await addCall(h, clinic, { caller_first_name: 'Helene', caller_last_name: 'Martin', call_started_at: '2026-10-01 10:00:00' });
    const francois = await addCall(h, clinic, { caller_first_name: 'François', caller_last_name: 'Lefèvre', call_started_at: '2026-10-01 11:00:00' });
    await addCall(h, clinic, { caller_first_name: 'Helen', caller_last_name: 'Smith' });

    assert.deepEqual(await search(token, url, 'helene'), onePage([accented, plain]));
    assert.deepEqual(await search(token, url, 'HÉLÈNE'), onePage([accented, plain]));
    assert.deepEqual(await search(token, url, 'Hélène'), onePage([accented, plain]));
    assert.deepEqual(await search(token, url, 'HELENE'), onePage([accented, plain]));
    assert.deepEqual(await search(token, url, 'hélène dupont'), onePage([accented]));
    assert.deepEqual(await search(token, url, 'helene MARTIN'), onePage([plain]));
    assert.deepEqual(await search(token, url, 'francois'), onePage([francois]));
    assert.deepEqual(await search(token, url, 'LEFEVRE'), onePage([francois]));
    assert.deepEqual(await search(token, url, 'lefèvre'), onePage([francois]));
  });

  test('every term must match (jane doe finds Jane Doe, not Jane Smith)', async () => {
    const { clinic, token, url } = await setUp(h);
    const janeDoe = await addCall(h, clinic, { caller_first_name: 'Jane', caller_last_name: 'Doe', call_started_at: '2026-10-01 09:00:00' });
    const janeSmith = await addCall(h, clinic, { caller_first_name: 'Jane', caller_last_name: 'Smith', call_started_at: '2026-10-01 10:00:00' });
    const johnDoe = await addCall(h, clinic, { caller_first_name: 'John', caller_last_name: 'Doe', call_started_at: '2026-10-01 11:00:00' });

    assert.deepEqual(await search(token, url, 'jane doe'), onePage([janeDoe]));
    assert.deepEqual(await search(token, url, 'doe jane'), onePage([janeDoe]));
    assert.deepEqual(await search(token, url, 'jane'), onePage([janeDoe, janeSmith]));
    assert.deepEqual(await search(token, url, 'doe'), onePage([janeDoe, johnDoe]));
    assert.deepEqual(await search(token, url, 'jane smith doe'), onePage([]));
  });

  test('terms match in the summary, and across name, phone and summary', async () => {
    const { clinic, token, url } = await setUp(h);
    const parking = await addCall(h, clinic, {
      caller_first_name: 'Jane',
      caller_last_name: 'Doe',
      summary: 'Patient called to confirm appointment. Also asked about parking.',
      call_started_at: '2026-10-01 09:00:00',
    });
    const crown = await addCall(h, clinic, {
      caller_first_name: 'Marc',
      summary: 'Couronne cassée, souhaite un rendez-vous rapidement',
      call_started_at: '2026-10-01 10:00:00',
    });
    await addCall(h, clinic, { caller_first_name: 'Paul', summary: null });

    assert.deepEqual(await search(token, url, 'parking'), onePage([parking]));
    assert.deepEqual(await search(token, url, 'jane parking'), onePage([parking]));
    assert.deepEqual(await search(token, url, 'marc parking'), onePage([]));
    assert.deepEqual(await search(token, url, 'cassee'), onePage([crown]));
    assert.deepEqual(await search(token, url, 'RENDEZ-VOUS'), onePage([crown]));
    assert.deepEqual(await search(token, url, 'marc couronne'), onePage([crown]));
  });

  test('a term matches at the start of any word', async () => {
    const { clinic, token, url } = await setUp(h);
    const item = await addCall(h, clinic, {
      caller_first_name: 'Anne-Marie',
      caller_last_name: 'de la Tour',
      summary: 'Wants to reschedule her cleaning appointment',
    });
    await addCall(h, clinic, { caller_first_name: 'Bob', caller_last_name: 'Stone', summary: 'Billing question' });

    for (const term of ['anne', 'marie', 'tour', 'la', 'resched', 'clean', 'appoint', 'wan']) {
      assert.deepEqual(await search(token, url, term), onePage([item]), term);
    }
  });

  test('digit terms match the phone digits anywhere', async () => {
    const { clinic, token, url } = await setUp(h);
    const us = await addCall(h, clinic, { caller_phone_number: '+15551234567', call_started_at: '2026-10-01 09:00:00' });
    const formatted = await addCall(h, clinic, { caller_phone_number: '+1 (555) 123-4567', call_started_at: '2026-10-01 10:00:00' });
    await addCall(h, clinic, { caller_phone_number: '+33140000000' });
    const london = await addCall(h, clinic, { caller_phone_number: '+44 20 7946 0000', call_started_at: '2026-09-01 09:00:00' });

    for (const term of ['555-123', '(555)', '4567', '(555) 123', '555.123.4567', '+1555', '15551234567', '1234', '+1 555 123 4567', '555/123']) {
      assert.deepEqual(await search(token, url, term), onePage([us, formatted]), term);
    }
    assert.deepEqual(await search(token, url, '555-999'), onePage([]));
    assert.deepEqual(await search(token, url, '7946'), onePage([london]));
    assert.deepEqual(await search(token, url, '2079460'), onePage([london]));
    assert.deepEqual(await search(token, url, '7946-0000'), onePage([london]));
  });

  test('%, _ and \\ are literal characters', async () => {
    const { clinic, token, url } = await setUp(h);
    const percent = await addCall(h, clinic, { summary: 'Asked about the 50% discount', call_started_at: '2026-10-01 09:00:00' });
    const underscore = await addCall(h, clinic, { summary: 'Sent file a_b.pdf', call_started_at: '2026-10-01 10:00:00' });
    const nearMiss = await addCall(h, clinic, { summary: 'Sent file axb.pdf and ab.pdf', call_started_at: '2026-10-01 11:00:00' });
    const backslash = await addCall(h, clinic, { summary: 'Path C:\\scans\\xray', call_started_at: '2026-10-01 12:00:00' });
    const bang = await addCall(h, clinic, { summary: 'Urgent! Pain since yesterday', call_started_at: '2026-10-01 13:00:00' });
    await addCall(h, clinic, { summary: 'Nothing special' });

    assert.deepEqual(await search(token, url, '%'), onePage([percent]));
    assert.deepEqual(await search(token, url, '50%'), onePage([percent]));
    assert.deepEqual(await search(token, url, '%%'), onePage([]));
    assert.deepEqual(await search(token, url, '_'), onePage([underscore]));
    assert.deepEqual(await search(token, url, 'a_b'), onePage([underscore]));
    assert.deepEqual(await search(token, url, 'axb'), onePage([nearMiss]));
    assert.deepEqual(await search(token, url, '\\'), onePage([backslash]));
    assert.deepEqual(await search(token, url, 'c:\\scans'), onePage([backslash]));
    assert.deepEqual(await search(token, url, '\\x'), onePage([backslash]));
    assert.deepEqual(await search(token, url, '!'), onePage([bang]));
    assert.deepEqual(await search(token, url, 'urgent!'), onePage([bang]));
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
    const sparse = await addCall(h, clinic, { call_started_at: '2023-10-27 09:00:00', is_existing_patient: 0, reason_for_call: 'EMERGENCY' });

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
        },
        {
          id: sparse.id,
          external_call_id: sparse.external_call_id,
          caller_first_name: null,
          caller_last_name: null,
          caller_phone_number: '+33140000000',
          call_started_at: '2023-10-27T09:00:00Z',
          reason_for_call: 'Emergency',
          status: 'New',
          is_existing_patient: false,
          callback_preference: null,
          clinic,
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

  test('an unknown clinic is a 404 CLINIC_NOT_FOUND, for staff and admin alike', async () => {
    const { token } = await setUp(h);
    const expected = { detail: 'No such clinic.', error_key: 'CLINIC_NOT_FOUND' };
    for (const caller of [token, await h.adminToken()]) {
      const response = await h.call({ method: 'GET', url: '/api/v1/call-logs/by-clinic/2147483000', token: caller });
      assert.equal(response.status, 404);
      assert.deepEqual(response.body, expected);
    }
  });

  test('a bad clinic id in the path is a 422 naming it', async () => {
    const { token } = await setUp(h);
    for (const id of ['abc', '0', '-3', '1.5', '99999999999']) {
      const response = await h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${id}`, token });
      assertValidationError(response, [['path', 'clinic_id']]);
    }
  });

  test('without a token the list is a 401', async () => {
    const { url } = await setUp(h);
    const response = await h.call({ method: 'GET', url: url() });
    assert.equal(response.status, 401);
    assert.deepEqual(response.body, { detail: 'Sign in first: a valid bearer token is required.', error_key: 'NOT_AUTHENTICATED' });
  });
});
