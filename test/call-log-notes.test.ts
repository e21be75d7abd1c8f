import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from './helpers/harness.js';
import { openEventStream } from './helpers/event-stream.js';
import { assertValidationError } from './helpers/call-logs.js';
import { DATETIME_Z, assertEventShowsListItem, createNamedUser, notesOf, trailOf, withoutIdAndTime } from './helpers/trail.js';

/**
 * GET and POST /api/v1/call-logs/{id}/notes: staff's internal notes, newest last, append-only, each
 * with its `note_added` entry in the trail and a live update for open dashboards.
 */

const notesUrl = (id: number) => `/api/v1/call-logs/${id}/notes`;

describeEachDatabase('call notes', (h) => {
  /** A clinic, a named receptionist working there, and one of its calls. */
  async function setUp() {
    const clinic = await h.createClinic();
    const staff = await createNamedUser(h, 'Chloé Martin', 'staff', [clinic.id]);
    const callId = await h.insertCallLog(clinic.id, { caller_first_name: 'Ada', reason_for_call: 'RESCHEDULE' });
    return { clinic, staff, callId };
  }

  test('a note is added (trimmed, with its author) and listed newest last, with a note_added entry in the trail', async () => {
    const { clinic, staff, callId } = await setUp();
    const colleague = await createNamedUser(h, 'Hélène Côté', 'staff', [clinic.id]);
    assert.deepEqual(await notesOf(h, callId, staff.token), { items: [], total: 0, page: 1, limit: 20, pages: 0 });

    const first = await h.call({
      method: 'POST',
      url: notesUrl(callId),
      token: staff.token,
      payload: { body: '  Left a voicemail; will try again after 2 pm.\n' },
    });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.match(first.body.created_at, DATETIME_Z);
    assert.deepEqual(first.body, {
      id: first.body.id,
      body: 'Left a voicemail; will try again after 2 pm.',
      author: { id: staff.id, name: 'Chloé Martin' },
      created_at: first.body.created_at,
    });
    const second = await h.call({
      method: 'POST',
      url: notesUrl(callId),
      token: colleague.token,
      payload: { body: 'Patient rang back: Tuesday 10:00 booked. 😀' },
    });
    assert.equal(second.status, 201);
    assert.ok(second.body.id > first.body.id);

    assert.deepEqual(await notesOf(h, callId, staff.token), { items: [first.body, second.body], total: 2, page: 1, limit: 20, pages: 1 });
    assert.deepEqual(await notesOf(h, callId, staff.token, '?limit=1&page=2'), {
      items: [second.body],
      total: 2,
      page: 2,
      limit: 1,
      pages: 2,
    });

    const trail = await trailOf(h, callId, staff.token);
    assert.deepEqual(withoutIdAndTime(trail.items), [
      {
        call_log_id: callId,
        actor: { id: staff.id, name: 'Chloé Martin' },
        action: 'note_added',
        changes: { note_id: { from: null, to: first.body.id } },
      },
      {
        call_log_id: callId,
        actor: { id: colleague.id, name: 'Hélène Côté' },
        action: 'note_added',
        changes: { note_id: { from: null, to: second.body.id } },
      },
    ]);
    assert.deepEqual(
      trail.items.map((entry) => entry.at),
      [first.body.created_at, second.body.created_at],
    );
  });

  test('the body must be 1 to 4000 characters once trimmed; anything else is a 422 and writes nothing', async () => {
    const { staff, callId } = await setUp();
    const post = (payload: unknown) => h.call({ method: 'POST', url: notesUrl(callId), token: staff.token, payload: payload as object });

    for (const body of ['', '   ', '\n\t ', ' '.repeat(5000), 'x'.repeat(4001), `${'é'.repeat(4000)}!`, 12, null, ['a'], { text: 'a' }]) {
      assertValidationError(await post({ body }), [['body', 'body']]);
    }
    assertValidationError(await post({}), [['body', 'body']]);
    assertValidationError(await post({ body: 'ok', pinned: true }), [['body', 'pinned']]);
    assert.deepEqual(await notesOf(h, callId, staff.token), { items: [], total: 0, page: 1, limit: 20, pages: 0 });
    assert.equal((await trailOf(h, callId, staff.token)).total, 0);

    // Characters, not UTF-16 units or bytes; blanks around the text do not count.
    const longest = '😀'.repeat(4000);
    const accepted = await post({ body: `  ${longest}  ` });
    assert.equal(accepted.status, 201, JSON.stringify(accepted.body).slice(0, 300));
    assert.equal(accepted.body.body, longest);
    assert.equal((await notesOf(h, callId, staff.token)).items[0]!.body, longest);
  });

  test('paging is checked like every list', async () => {
    const { staff, callId } = await setUp();
    for (const query of ['?limit=0', '?limit=101', '?page=0', '?page=x']) {
      const response = await h.call({ method: 'GET', url: `${notesUrl(callId)}${query}`, token: staff.token });
      assert.equal(response.status, 422, query);
      assert.equal(response.body.error_key, 'VALIDATION_ERROR');
    }
  });

  test('another clinic’s call, an unknown call and a bad id: 404 or 422, and nothing written', async () => {
    const { callId } = await setUp();
    const otherClinic = await h.createClinic();
    const stranger = await createNamedUser(h, 'Someone Else', 'staff', [otherClinic.id]);
    for (const method of ['GET', 'POST'] as const) {
      const payload = method === 'POST' ? { body: 'Not my call.' } : undefined;
      for (const url of [notesUrl(callId), notesUrl(2147483000)]) {
        const response = await h.call({ method, url, token: stranger.token, payload });
        assert.deepEqual(
          [response.status, response.body],
          [404, { detail: 'No such call log.', error_key: 'CALL_LOG_NOT_FOUND' }],
          `${method} ${url}`,
        );
      }
      const badId = await h.call({ method, url: '/api/v1/call-logs/0/notes', token: stranger.token, payload });
      assertValidationError(badId, [['path', 'call_log_id']]);
      const anonymous = await h.call({ method, url: notesUrl(callId), payload });
      assert.deepEqual([anonymous.status, anonymous.body.error_key], [401, 'NOT_AUTHENTICATED']);
    }
    assert.equal((await notesOf(h, callId, await h.adminToken())).total, 0);
    assert.equal((await trailOf(h, callId, await h.adminToken())).total, 0);
  });

  test('an administrator may note any clinic’s call; the note names them', async () => {
    const { staff, callId } = await setUp();
    const admin = await createNamedUser(h, 'Dr Admin', 'admin', []);
    const response = await h.call({
      method: 'POST',
      url: notesUrl(callId),
      token: admin.token,
      payload: { body: 'Checked by the practice manager.' },
    });
    assert.equal(response.status, 201);
    assert.deepEqual(response.body.author, { id: admin.id, name: 'Dr Admin' });
    assert.deepEqual((await notesOf(h, callId, staff.token)).items, [response.body]);
  });

  describeLive();

  function describeLive() {
    let baseUrl: string;
    before(async () => {
      baseUrl = await h.app.listen({ port: 0, host: '127.0.0.1' });
    });

    test('open dashboards of the clinic hear that the call changed', { timeout: 20_000 }, async () => {
      const { clinic, staff, callId } = await setUp();
      const watcher = await createNamedUser(h, 'Watching Desk', 'staff', [clinic.id]);
      const stream = await openEventStream(baseUrl, clinic.id, watcher.token);
      try {
        assert.equal(stream.response.status, 200);
        const added = await h.call({
          method: 'POST',
          url: notesUrl(callId),
          token: staff.token,
          payload: { body: 'Called back, no answer.' },
        });
        assert.equal(added.status, 201);
        await assertEventShowsListItem(h, await stream.next(), clinic.id, callId, watcher.token);
      } finally {
        stream.close();
      }
    });
  }
});
