import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase, type Harness } from './helpers/harness.js';
import { openEventStream } from './helpers/event-stream.js';
import { assertValidationError } from './helpers/call-logs.js';
import { DATETIME_Z, assertEventShowsListItem, createNamedUser, notesOf, trailOf, withoutIdAndTime } from './helpers/trail.js';

/**
 * POST /api/v1/call-logs/{id}/callback-attempts: one more attempt, made now; "No Answer" and "Left
 * Voicemail" make the call due again a retry interval later; the trail says what changed, a note goes
 * with the call's notes, open dashboards hear of it.
 */

const attemptsUrl = (id: number) => `/api/v1/call-logs/${id}/callback-attempts`;
const plusMinutes = (wire: string, minutes: number) =>
  new Date(new Date(wire).getTime() + minutes * 60_000).toISOString().replace('.000Z', 'Z');

describeEachDatabase('callback attempts', (h) => {
  async function setUp() {
    const clinic = await h.createClinic();
    const staff = await createNamedUser(h, 'Chloé Martin', 'staff', [clinic.id]);
    const callId = await h.insertCallLog(clinic.id, { caller_first_name: 'Ada', callback_preference: 'MORNING' });
    await setDue(h, callId, '2026-10-02 08:30:00');
    return { clinic, staff, callId };
  }

  /** The call's detail as staff see it now. */
  const detail = async (id: number, token: string) => {
    const response = await h.call({ method: 'GET', url: `/api/v1/call-logs/${id}`, token });
    assert.equal(response.status, 200);
    return response.body;
  };

  test('"No Answer" counts an attempt and makes the call due again two hours later; the answer is the call as it now is', async () => {
    const { staff, callId } = await setUp();
    const response = await h.call({ method: 'POST', url: attemptsUrl(callId), token: staff.token, payload: { result: 'No Answer' } });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    assert.deepEqual(response.body, await detail(callId, staff.token));

    const [attempt] = (await trailOf(h, callId, staff.token, '?limit=1')).items;
    const at = attempt!.at as string;
    assert.match(at, DATETIME_Z);
    assert.deepEqual(withoutIdAndTime([attempt!]), [
      {
        call_log_id: callId,
        actor: { id: staff.id, name: 'Chloé Martin' },
        action: 'callback_attempt',
        changes: {
          result: 'No Answer',
          callback_attempts: { from: 0, to: 1 },
          last_attempt_at: { from: null, to: at },
          callback_due_at: { from: '2026-10-02T08:30:00Z', to: plusMinutes(at, 120) },
        },
      },
    ]);
    assert.deepEqual(
      {
        callback_attempts: response.body.callback_attempts,
        last_attempt_at: response.body.last_attempt_at,
        callback_due_at: response.body.callback_due_at,
      },
      { callback_attempts: 1, last_attempt_at: at, callback_due_at: plusMinutes(at, 120) },
    );
  });

  test('the clinic’s retry interval applies; "Reached" and "Wrong Number" count without moving the due time', async () => {
    const { clinic, staff, callId } = await setUp();
    await setRetryMinutes(h, clinic.id, 45);
    const post = async (payload: object) => {
      const response = await h.call({ method: 'POST', url: attemptsUrl(callId), token: staff.token, payload });
      assert.equal(response.status, 201, JSON.stringify(response.body));
    };
    await post({ result: 'Left Voicemail' });
    await post({ result: 'Wrong Number' });
    await post({ result: 'Reached' });
    const trail = (await trailOf(h, callId, staff.token)).items.filter((entry) => entry.action === 'callback_attempt');
    const [voicemail, wrong, reached] = trail.map((entry) => ({ at: entry.at as string, changes: entry.changes }));
    const due = plusMinutes(voicemail!.at, 45);
    assert.deepEqual(voicemail!.changes, {
      result: 'Left Voicemail',
      callback_attempts: { from: 0, to: 1 },
      last_attempt_at: { from: null, to: voicemail!.at },
      callback_due_at: { from: '2026-10-02T08:30:00Z', to: due },
    });
    assert.deepEqual(wrong!.changes, {
      result: 'Wrong Number',
      callback_attempts: { from: 1, to: 2 },
      last_attempt_at: { from: voicemail!.at, to: wrong!.at },
    });
    assert.deepEqual(reached!.changes, {
      result: 'Reached',
      callback_attempts: { from: 2, to: 3 },
      last_attempt_at: { from: wrong!.at, to: reached!.at },
    });
    assert.deepEqual(await workOf(h, callId), { callback_attempts: 3, last_attempt_at: reached!.at, callback_due_at: due });
  });

  test('a note goes with the call’s notes, after the attempt in the trail, in the same instant', async () => {
    const { staff, callId } = await setUp();
    const response = await h.call({
      method: 'POST',
      url: attemptsUrl(callId),
      token: staff.token,
      payload: { result: 'Left Voicemail', note: '  Asked her to call back before noon.  ' },
    });
    assert.equal(response.status, 201);
    const notes = await notesOf(h, callId, staff.token);
    assert.equal(notes.total, 1);
    const note = notes.items[0]!;
    assert.deepEqual(note, {
      id: note.id,
      body: 'Asked her to call back before noon.',
      author: { id: staff.id, name: 'Chloé Martin' },
      created_at: note.created_at,
    });
    const trail = (await trailOf(h, callId, staff.token)).items.filter((entry) => entry.action !== 'viewed');
    assert.deepEqual(
      trail.map((entry) => [entry.action, entry.at]),
      [
        ['callback_attempt', note.created_at],
        ['note_added', note.created_at],
      ],
    );
    assert.deepEqual(trail[1]!.changes, { note_id: { from: null, to: note.id } });
  });

  test('a bad result or note is a 422 and changes nothing', async () => {
    const { staff, callId } = await setUp();
    const post = (payload: unknown) => h.call({ method: 'POST', url: attemptsUrl(callId), token: staff.token, payload: payload as object });
    for (const result of ['Busy', 'no answer', '', null, 1]) assertValidationError(await post({ result }), [['body', 'result']]);
    assertValidationError(await post({}), [['body', 'result']]);
    assertValidationError(await post({ result: 'Reached', note: '   ' }), [['body', 'note']]);
    assertValidationError(await post({ result: 'Reached', note: 'x'.repeat(4001) }), [['body', 'note']]);
    assertValidationError(await post({ result: 'Reached', note: null }), [['body', 'note']]);
    assertValidationError(await post({ result: 'Reached', outcome: 'Booked' }), [['body', 'outcome']]);
    assert.deepEqual(await workOf(h, callId), { callback_attempts: 0, last_attempt_at: null, callback_due_at: '2026-10-02T08:30:00Z' });
    // Only the views of the detail read above.
    assert.deepEqual(await actionsOf(h, callId), ['viewed']);
    assert.equal((await notesOf(h, callId, staff.token)).total, 0);
  });

  test('another clinic’s call or an unknown call is a 404, a bad id a 422, and nothing changes', async () => {
    const { callId } = await setUp();
    const stranger = await createNamedUser(h, 'Someone Else', 'staff', [(await h.createClinic()).id]);
    for (const id of [callId, 2147483000]) {
      const response = await h.call({ method: 'POST', url: attemptsUrl(id), token: stranger.token, payload: { result: 'Reached' } });
      assert.deepEqual([response.status, response.body], [404, { detail: 'No such call log.', error_key: 'CALL_LOG_NOT_FOUND' }]);
    }
    assertValidationError(await h.call({ method: 'POST', url: attemptsUrl(0), token: stranger.token, payload: { result: 'Reached' } }), [
      ['path', 'call_log_id'],
    ]);
    const anonymous = await h.call({ method: 'POST', url: attemptsUrl(callId), payload: { result: 'Reached' } });
    assert.deepEqual([anonymous.status, anonymous.body.error_key], [401, 'NOT_AUTHENTICATED']);
    assert.deepEqual(await workOf(h, callId), { callback_attempts: 0, last_attempt_at: null, callback_due_at: '2026-10-02T08:30:00Z' });
    assert.deepEqual(await actionsOf(h, callId), ['viewed']);
  });

  describeLive();

  function describeLive() {
    let baseUrl: string;
    before(async () => {
      baseUrl = await h.app.listen({ port: 0, host: '127.0.0.1' });
    });

    test('open dashboards of the clinic hear that the call changed', { timeout: 20_000 }, async () => {
      const { clinic, staff, callId } = await setUp();
      const stream = await openEventStream(baseUrl, clinic.id, staff.token);
      try {
        assert.equal(stream.response.status, 200);
        const response = await h.call({ method: 'POST', url: attemptsUrl(callId), token: staff.token, payload: { result: 'No Answer' } });
        assert.equal(response.status, 201);
        await assertEventShowsListItem(h, await stream.next(), clinic.id, callId, staff.token);
      } finally {
        stream.close();
      }
    });
  }
});

/** Sets a call's due time as ingestion would have. */
async function setDue(h: Harness, callId: number, dueAt: string) {
  await h.database.db.updateTable('call_log_work').set({ callback_due_at: dueAt }).where('call_log_id', '=', callId).execute();
}

/** An administrator sets the clinic's retry interval through the work settings. */
async function setRetryMinutes(h: Harness, clinicId: number, minutes: number) {
  const url = `/api/v1/clinics/${clinicId}/work-settings`;
  const token = await h.adminToken();
  const current = await h.call({ method: 'GET', url, token });
  assert.equal(current.status, 200);
  const { time_zone, opening_hours, callback_windows } = current.body;
  const saved = await h.call({
    method: 'PUT',
    url,
    token,
    payload: { time_zone, opening_hours, callback_windows, retry_minutes: minutes },
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
}

/** The call's attempt state as its detail shows it. */
async function workOf(h: Harness, callId: number) {
  const response = await h.call({ method: 'GET', url: `/api/v1/call-logs/${callId}`, token: await h.adminToken() });
  assert.equal(response.status, 200);
  const { callback_attempts, last_attempt_at, callback_due_at } = response.body;
  return { callback_attempts, last_attempt_at, callback_due_at };
}

/** What the call's trail holds, kind by kind. */
async function actionsOf(h: Harness, callId: number) {
  return (await trailOf(h, callId, await h.adminToken())).items.map((entry) => entry.action);
}
