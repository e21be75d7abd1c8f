import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NewCallLog } from '../src/db/database.js';
import { describeEachDatabase, type Harness } from './helpers/harness.js';
import { addCall, setUp, type Item } from './helpers/call-logs.js';

/** GET and PATCH /api/v1/call-logs/{call_log_id}: every field out, every updatable field in, and what a bad PATCH must not write. */

const DATETIME_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** The work state of a call inserted behind the app's back (no due time) that nobody has worked yet. */
const UNTOUCHED_WORK = {
  assignee: null,
  priority: 'Normal',
  callback_due_at: null,
  callback_attempts: 0,
  last_attempt_at: null,
  outcome: null,
};

const CONVERSATION = [
  { role: 'assistant', content: 'Bonjour, cabinet dentaire Zenith, que puis-je faire pour vous ?' },
  { role: 'user', content: 'J’ai une couronne cassée 😬, je voudrais un rendez-vous.' },
  { role: 'assistant', content: 'Bien sûr. Le matin vous convient ?', meta: { latency_ms: 420, tags: ['a', null, true, 1.5] } },
];
const STRUCTURED = {
  patient: { first_name: 'Jane', last_name: 'Doe', existing: true },
  reason: 'NEW_APPOINTMENT',
  slots: [],
  score: 0.97,
  note: null,
};

/** A call log with every column set, and the detail view it must produce. */
async function fullCall(h: Harness) {
  const created = await h.createClinic();
  const staff = await h.createUser('staff', [created.id]);
  const clinic = (await checkedCall(h, { method: 'GET', url: `/api/v1/clinics/${created.id}`, token: staff.token })).body;
  const external = `vapi-call-${randomUUID()}`;
  const row: Partial<NewCallLog> = {
    external_call_id: external,
    caller_first_name: 'Jane',
    caller_last_name: 'Doe',
    caller_phone_number: '+15551234567',
    is_existing_patient: 1,
    call_started_at: '2023-10-27 09:30:00',
    call_ended_at: '2023-10-27 10:00:00',
    call_duration_seconds: 1800.212,
    reason_for_call: 'NEW_APPOINTMENT',
    callback_preference: 'MORNING',
    summary: 'Patient called to confirm appointment. Also asked about parking.',
    detailed_reason: 'Broken crown on the upper left molar since Tuesday.',
    preferred_dentist: 'Dr. Martin',
    full_conversation_json: JSON.stringify(CONVERSATION),
    raw_structured_data: JSON.stringify(STRUCTURED),
    transcript_text: 'AI: Bonjour...\nUser: J’ai une couronne cassée...',
    audio_recording_url: 'https://storage.example.com/recordings/abc.wav',
    cost: '0.18450',
    ended_reason: 'customer-ended-call',
    status: 'IN_PROGRESS',
    created_at: '2023-10-27 10:00:05',
    updated_at: null,
  };
  const id = await h.insertCallLog(created.id, row);
  const view = {
    id,
    external_call_id: external,
    caller_first_name: 'Jane',
    caller_last_name: 'Doe',
    caller_phone_number: '+15551234567',
    call_started_at: '2023-10-27T09:30:00Z',
    reason_for_call: 'New Appointment',
    status: 'In Progress',
    is_existing_patient: true,
    callback_preference: 'Morning',
    clinic,
    ...UNTOUCHED_WORK,
    caller_call_count: 1,
    clinic_id: created.id,
    call_ended_at: '2023-10-27T10:00:00Z',
    call_duration_seconds: 1800.212,
    summary: 'Patient called to confirm appointment. Also asked about parking.',
    detailed_reason: 'Broken crown on the upper left molar since Tuesday.',
    preferred_dentist: 'Dr. Martin',
    // Not the stored URL: a link on our origin, signed for the staff member (test/recordings.test.ts plays it).
    audio_recording_url: signedLinkFor(staff.id),
    cost: 0.1845,
    ended_reason: 'customer-ended-call',
    transcript_text: 'AI: Bonjour...\nUser: J’ai une couronne cassée...',
    full_conversation_json: CONVERSATION,
    raw_structured_data: STRUCTURED,
    created_at: '2023-10-27T10:00:05Z',
    updated_at: null as string | null,
  };
  return { id, view, token: staff.token, clinic, url: `/api/v1/call-logs/${id}` };
}

const signedLinkFor = (userId: number) => `signed recording link for user ${userId}`;

/**
 * `h.call`, with a detail's recording link checked (our recording route for this call, signed, not
 * expired) and then shown as `signedLinkFor(user)`: its expiry and signature change every second.
 */
async function checkedCall(h: Harness, options: Parameters<Harness['call']>[0]) {
  const response = await h.call(options);
  const link: unknown = response.body?.audio_recording_url;
  if (typeof link === 'string') {
    const url = new URL(link, 'http://zenicall');
    const id = Number(/^\/api\/v1\/call-logs\/(\d+)\/recording$/.exec(url.pathname)?.[1]);
    assert.equal(id, response.body.id, link);
    const parts = {
      expires: Number(url.searchParams.get('expires')),
      user: Number(url.searchParams.get('user')),
      signature: url.searchParams.get('signature') ?? '',
    };
    const holder = await h.database.db.selectFrom('users').select('token_version').where('id', '=', parts.user).executeTakeFirstOrThrow();
    assert.equal(h.app.recordingLinks.check(id, parts, holder.token_version), 'valid', link);
    response.body.audio_recording_url = signedLinkFor(parts.user);
  }
  return response;
}

async function storedRow(h: Harness, id: number) {
  return h.database.db.selectFrom('call_logs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

function assertRecentUtc(value: unknown) {
  assert.match(String(value), DATETIME_Z);
  const age = Date.now() - Date.parse(String(value));
  assert.ok(age > -5000 && age < 60_000, `updated_at ${String(value)} should be about now`);
}

describeEachDatabase('GET /call-logs/{call_log_id}', (h) => {
  test('returns every field: labels, booleans, parsed JSON, exact duration and cost', async () => {
    const { view, token, url } = await fullCall(h);
    const response = await checkedCall(h, { method: 'GET', url, token });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, view);
    assert.equal(response.body.call_duration_seconds, 1800.212);
    assert.equal(typeof response.body.cost, 'number');
    assert.equal(response.body.is_existing_patient, true);
    assert.match(response.headers['content-type'] as string, /^application\/json/);
  });

  test('a sparse call shows nulls, false and the stored UTC datetimes', async () => {
    const created = await h.createClinic();
    const staff = await h.createUser('staff', [created.id]);
    const clinic = (await checkedCall(h, { method: 'GET', url: `/api/v1/clinics/${created.id}`, token: staff.token })).body;
    const id = await h.insertCallLog(created.id, {
      external_call_id: 'sparse-' + randomUUID(),
      caller_phone_number: '+33612345678',
      call_started_at: '2026-03-29 02:30:00',
      created_at: '2026-03-29 02:31:00',
      is_existing_patient: 0,
      status: 'ARCHIVED',
      cost: '12.5',
      call_duration_seconds: 0.5,
    });
    const response = await checkedCall(h, { method: 'GET', url: `/api/v1/call-logs/${id}`, token: staff.token });
    assert.equal(response.status, 200);
    const row = await storedRow(h, id);
    assert.deepEqual(response.body, {
      id,
      external_call_id: row.external_call_id,
      caller_first_name: null,
      caller_last_name: null,
      caller_phone_number: '+33612345678',
      call_started_at: '2026-03-29T02:30:00Z',
      reason_for_call: null,
      status: 'Archived',
      is_existing_patient: false,
      callback_preference: null,
      clinic,
      ...UNTOUCHED_WORK,
      caller_call_count: 1,
      clinic_id: created.id,
      call_ended_at: null,
      call_duration_seconds: 0.5,
      summary: null,
      detailed_reason: null,
      preferred_dentist: null,
      audio_recording_url: null,
      cost: 12.5,
      ended_reason: null,
      transcript_text: null,
      full_conversation_json: null,
      raw_structured_data: null,
      created_at: '2026-03-29T02:31:00Z',
      updated_at: null,
    });
  });

  describe('durations keep their milliseconds', () => {
    for (const seconds of [1800.212, 0.001, 59.999, 3600.5, 12345.678, 7]) {
      test(`${seconds} s`, async () => {
        const created = await h.createClinic();
        const id = await h.insertCallLog(created.id, { call_duration_seconds: seconds });
        const response = await checkedCall(h, { method: 'GET', url: `/api/v1/call-logs/${id}`, token: await h.adminToken() });
        assert.equal(response.body.call_duration_seconds, seconds);
      });
    }
  });

  test('a created_at filled in by the database is the current UTC time', async () => {
    const created = await h.createClinic();
    const id = await h.insertCallLog(created.id, {});
    const response = await checkedCall(h, { method: 'GET', url: `/api/v1/call-logs/${id}`, token: await h.adminToken() });
    assertRecentUtc(response.body.created_at);
  });

  test('an is_existing_patient of null stays null', async () => {
    const created = await h.createClinic();
    const id = await h.insertCallLog(created.id, { is_existing_patient: null });
    const response = await checkedCall(h, { method: 'GET', url: `/api/v1/call-logs/${id}`, token: await h.adminToken() });
    assert.equal(response.body.is_existing_patient, null);
  });

  test('reads that arrive together share a statement, and each gets its own call, or the 404 it should', async () => {
    const mine = await setUp(h);
    const theirs = await setUp(h);
    const calls: Item[] = [];
    for (let i = 0; i < 11; i++) calls.push(await addCall(h, mine.clinic, { caller_first_name: `Caller ${i}` }));
    const foreign = await addCall(h, theirs.clinic);
    const ids = [...calls.map((call) => call.id), foreign.id, 2147483000, calls[0]!.id];
    let responses: Awaited<ReturnType<Harness['call']>>[] = [];
    const queries = await h.queriesDuring(async () => {
      responses = await Promise.all(ids.map((id) => h.call({ method: 'GET', url: `/api/v1/call-logs/${id}`, token: mine.token })));
    });
    responses.forEach((response, i) => {
      const call = calls.find((c) => c.id === ids[i]);
      if (!call) {
        assert.equal(response.status, 404, `call ${ids[i]}`);
        assert.equal(response.body.error_key, 'CALL_LOG_NOT_FOUND');
        return;
      }
      assert.equal(response.status, 200);
      assert.equal(response.body.id, call.id);
      assert.equal(response.body.caller_first_name, call.caller_first_name);
    });
    const detailReads = queries.filter((sql) => /from `call_logs` inner join `clinics`/i.test(sql));
    assert.ok(detailReads.length < ids.length, `${ids.length} reads took ${detailReads.length} statements`);
  });

  test('an unknown id is a 404 CALL_LOG_NOT_FOUND', async () => {
    const token = await h.adminToken();
    const response = await checkedCall(h, { method: 'GET', url: '/api/v1/call-logs/2147483000', token });
    assert.equal(response.status, 404);
    assert.deepEqual(response.body, { detail: 'No such call log.', error_key: 'CALL_LOG_NOT_FOUND' });
  });
});

describeEachDatabase('PATCH /call-logs/{call_log_id}', (h) => {
  const patch = (url: string, token: string, payload: unknown) =>
    checkedCall(h, { method: 'PATCH', url, token, payload: payload as Record<string, unknown> });

  test('the seed example: status and summary', async () => {
    const { view, token, url, id } = await fullCall(h);
    const payload = { status: 'In Progress', summary: 'Patient called to confirm appointment. Also asked about parking.' };
    // The seed's example body happens to set the current values: nothing changes.
    const same = await patch(url, token, payload);
    assert.equal(same.status, 200);
    assert.deepEqual(same.body, view);

    const response = await patch(url, token, { status: 'Done', summary: 'Called back, parking info given.' });
    assert.equal(response.status, 200);
    assertRecentUtc(response.body.updated_at);
    assert.deepEqual(response.body, {
      ...view,
      status: 'Done',
      summary: 'Called back, parking info given.',
      updated_at: response.body.updated_at,
    });
    const again = await checkedCall(h, { method: 'GET', url, token });
    assert.deepEqual(again.body, response.body);
    const row = await storedRow(h, id);
    assert.equal(row.status, 'DONE');
  });

  const updates: [string, unknown, unknown, Record<string, unknown>][] = [
    // field, value sent, value shown, what the column holds
    ['status', 'New', 'New', { status: 'NEW' }],
    ['status', 'Done', 'Done', { status: 'DONE' }],
    ['status', 'Archived', 'Archived', { status: 'ARCHIVED' }],
    ['summary', 'Nouveau résumé — très court 😀', 'Nouveau résumé — très court 😀', { summary: 'Nouveau résumé — très court 😀' }],
    ['summary', null, null, { summary: null }],
    ['summary', '', '', { summary: '' }],
    ['detailed_reason', 'Pain when chewing', 'Pain when chewing', { detailed_reason: 'Pain when chewing' }],
    ['detailed_reason', null, null, { detailed_reason: null }],
    ['reason_for_call', 'Cancellation', 'Cancellation', { reason_for_call: 'CANCELLATION' }],
    ['reason_for_call', 'Reschedule', 'Reschedule', { reason_for_call: 'RESCHEDULE' }],
    ['reason_for_call', 'General Message', 'General Message', { reason_for_call: 'GENERAL_MESSAGE' }],
    ['reason_for_call', 'Emergency', 'Emergency', { reason_for_call: 'EMERGENCY' }],
    ['reason_for_call', 'Other', 'Other', { reason_for_call: 'OTHER' }],
    ['reason_for_call', null, null, { reason_for_call: null }],
    ['callback_preference', 'Afternoon', 'Afternoon', { callback_preference: 'AFTERNOON' }],
    ['callback_preference', 'Evening', 'Evening', { callback_preference: 'EVENING' }],
    ['callback_preference', 'Anytime', 'Anytime', { callback_preference: 'ANYTIME' }],
    ['callback_preference', null, null, { callback_preference: null }],
    ['preferred_dentist', 'Dr. Lefèvre', 'Dr. Lefèvre', { preferred_dentist: 'Dr. Lefèvre' }],
    ['preferred_dentist', null, null, { preferred_dentist: null }],
    ['caller_first_name', 'Hélène', 'Hélène', { caller_first_name: 'Hélène' }],
    ['caller_first_name', null, null, { caller_first_name: null }],
    ['caller_last_name', 'O’Brien-Dupont', 'O’Brien-Dupont', { caller_last_name: 'O’Brien-Dupont' }],
    ['caller_last_name', null, null, { caller_last_name: null }],
    ['is_existing_patient', false, false, { is_existing_patient: 0 }],
    ['is_existing_patient', null, null, { is_existing_patient: null }],
  ];

  for (const [field, sent, shown, stored] of updates) {
    test(`updates ${field} to ${JSON.stringify(sent)}`, async () => {
      const { view, token, url, id } = await fullCall(h);
      const response = await patch(url, token, { [field]: sent });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assertRecentUtc(response.body.updated_at);
      assert.deepEqual(response.body, { ...view, [field]: shown, updated_at: response.body.updated_at });
      assert.deepEqual((await checkedCall(h, { method: 'GET', url, token })).body, response.body);
      const row = await storedRow(h, id);
      for (const [column, value] of Object.entries(stored)) {
        assert.equal(row[column as keyof typeof row], value, column);
      }
    });
  }

  test('is_existing_patient true round-trips from false', async () => {
    const { view, token, url, id } = await fullCall(h);
    await patch(url, token, { is_existing_patient: false });
    const response = await patch(url, token, { is_existing_patient: true });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { ...view, is_existing_patient: true, updated_at: response.body.updated_at });
    assert.equal(Number((await storedRow(h, id)).is_existing_patient), 1);
  });

  test('many fields at once', async () => {
    const { view, token, url } = await fullCall(h);
    const payload = {
      status: 'Done',
      summary: null,
      detailed_reason: 'Rappelé, RDV pris jeudi 10h',
      reason_for_call: 'Reschedule',
      callback_preference: 'Evening',
      preferred_dentist: 'Dr. Nguyen',
      caller_first_name: 'Janet',
      caller_last_name: 'Doe-Smith',
      is_existing_patient: false,
    };
    const response = await patch(url, token, payload);
    assert.equal(response.status, 200);
    assertRecentUtc(response.body.updated_at);
    assert.deepEqual(response.body, { ...view, ...payload, updated_at: response.body.updated_at });
    assert.deepEqual((await checkedCall(h, { method: 'GET', url, token })).body, response.body);
  });

  test('strings up to the column size are accepted', async () => {
    const { view, token, url } = await fullCall(h);
    const payload = {
      caller_first_name: 'é'.repeat(255),
      caller_last_name: 'x'.repeat(255),
      preferred_dentist: '👩‍⚕️'.repeat(51),
      summary: 'a'.repeat(65535),
      detailed_reason: 'é'.repeat(32767),
    };
    assert.ok([...payload.preferred_dentist].length <= 255 && payload.preferred_dentist.length === 255);
    const response = await patch(url, token, payload);
    assert.equal(response.status, 200, JSON.stringify(response.body).slice(0, 500));
    assert.deepEqual(response.body, { ...view, ...payload, updated_at: response.body.updated_at });
    assert.deepEqual((await checkedCall(h, { method: 'GET', url, token })).body, response.body);
  });

  test('a full-size summary of quotes and newlines can be written and then replaced', async () => {
    const { view, token, url } = await fullCall(h);
    // 65,535 bytes that JSON escaping doubles: the edit history must still hold it.
    const escapes = '"\n\\'.repeat(21845);
    const first = await patch(url, token, { summary: escapes });
    assert.equal(first.status, 200, JSON.stringify(first.body).slice(0, 300));
    assert.deepEqual(first.body, { ...view, summary: escapes, updated_at: first.body.updated_at });
    const second = await patch(url, token, { summary: 'short again' });
    assert.equal(second.status, 200, JSON.stringify(second.body).slice(0, 300));
    assert.deepEqual(second.body, { ...view, summary: 'short again', updated_at: second.body.updated_at });
  });

  test('{} is a no-op answering 200 with the unchanged view', async () => {
    const { view, token, url, id } = await fullCall(h);
    const before = await storedRow(h, id);
    const response = await patch(url, token, {});
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, view);
    assert.equal(response.body.updated_at, null);
    assert.deepEqual(await storedRow(h, id), before);
  });

  test('sending the current values is not a change: updated_at stays null', async () => {
    const { view, token, url } = await fullCall(h);
    const response = await patch(url, token, {
      status: 'In Progress',
      caller_first_name: 'Jane',
      is_existing_patient: true,
      reason_for_call: 'New Appointment',
      callback_preference: 'Morning',
    });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, view);
  });

  test('a real change sets updated_at, a later one moves it', async () => {
    const { token, url, id } = await fullCall(h);
    const first = await patch(url, token, { status: 'Done' });
    assertRecentUtc(first.body.updated_at);
    await h.database.db.updateTable('call_logs').set({ updated_at: '2020-01-01 00:00:00' }).where('id', '=', id).execute();
    const second = await patch(url, token, { status: 'Archived' });
    assertRecentUtc(second.body.updated_at);
    assert.notEqual(second.body.updated_at, '2020-01-01T00:00:00Z');
    assert.equal(second.body.created_at, '2023-10-27T10:00:05Z');
  });

  // ------------------------------------------------------------ invalid bodies write nothing

  const invalid: [string, Record<string, unknown>, (string | number)[][]][] = [
    ['an unknown status label', { status: 'Pending' }, [['body', 'status']]],
    ['a status in the wrong case', { status: 'done' }, [['body', 'status']]],
    ['status: null', { status: null }, [['body', 'status']]],
    ['an unknown reason label', { reason_for_call: 'Toothache' }, [['body', 'reason_for_call']]],
    ['an unknown callback label', { callback_preference: 'Night' }, [['body', 'callback_preference']]],
    ['is_existing_patient: "true"', { is_existing_patient: 'true' }, [['body', 'is_existing_patient']]],
    ['is_existing_patient: 1', { is_existing_patient: 1 }, [['body', 'is_existing_patient']]],
    ['summary: 5', { summary: 5 }, [['body', 'summary']]],
    ['summary: an object', { summary: { text: 'x' } }, [['body', 'summary']]],
    ['caller_last_name: an array', { caller_last_name: ['Doe'] }, [['body', 'caller_last_name']]],
    ['caller_first_name of 256 characters', { caller_first_name: 'a'.repeat(256) }, [['body', 'caller_first_name']]],
    ['caller_last_name of 256 accented characters', { caller_last_name: 'é'.repeat(256) }, [['body', 'caller_last_name']]],
    ['preferred_dentist of 256 characters', { preferred_dentist: 'd'.repeat(256) }, [['body', 'preferred_dentist']]],
    ['a summary of 65,536 bytes', { summary: 'a'.repeat(65536) }, [['body', 'summary']]],
    ['a summary of 65,536 bytes in fewer characters', { summary: 'é'.repeat(32768) }, [['body', 'summary']]],
    ['a detailed_reason of 65,536 bytes', { detailed_reason: '€'.repeat(21845) + 'a' }, [['body', 'detailed_reason']]],
    ['an unknown field', { colour: 'blue' }, [['body', 'colour']]],
    ['clinic_id', { clinic_id: 1 }, [['body', 'clinic_id']]],
    ['cost', { cost: 0 }, [['body', 'cost']]],
    ['external_call_id', { external_call_id: 'hijack' }, [['body', 'external_call_id']]],
    ['id', { id: 1 }, [['body', 'id']]],
    ['updated_at', { updated_at: '2020-01-01T00:00:00Z' }, [['body', 'updated_at']]],
    ['caller_phone_number', { caller_phone_number: '+10000000000' }, [['body', 'caller_phone_number']]],
    [
      'several bad fields',
      { status: 'Nope', summary: 5, clinic_id: 2 },
      [
        ['body', 'clinic_id'],
        ['body', 'status'],
        ['body', 'summary'],
      ],
    ],
  ];

  for (const [name, bad, locs] of invalid) {
    test(`422 and nothing written for ${name}`, async () => {
      const { view, token, url, id } = await fullCall(h);
      const before = await storedRow(h, id);
      // Valid fields sent beside the bad one must not be written either.
      const payload = { caller_first_name: 'Written', detailed_reason: 'Should not be saved', ...bad };
      const response = await patch(url, token, payload);
      assert.equal(response.status, 422, JSON.stringify(response.body).slice(0, 300));
      assert.deepEqual(Object.keys(response.body).sort(), ['detail', 'error_key', 'errors']);
      assert.equal(response.body.error_key, 'VALIDATION_ERROR');
      assert.equal(typeof response.body.detail, 'string');
      const sortLocs = (list: (string | number)[][]) => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      assert.deepEqual(sortLocs(response.body.errors.map((e: { loc: (string | number)[] }) => e.loc)), sortLocs(locs));
      for (const error of response.body.errors) assert.ok(typeof error.msg === 'string' && error.msg.length > 0);

      assert.deepEqual((await checkedCall(h, { method: 'GET', url, token })).body, view);
      assert.deepEqual(await storedRow(h, id), before);
    });
  }

  describe('an unknown id is a 404 CALL_LOG_NOT_FOUND, also for an empty or invalid-free body', () => {
    for (const payload of [{}, { status: 'Done' }]) {
      test(`PATCH ${JSON.stringify(payload)}`, async () => {
        const response = await patch('/api/v1/call-logs/2147483000', await h.adminToken(), payload);
        assert.equal(response.status, 404);
        assert.deepEqual(response.body, { detail: 'No such call log.', error_key: 'CALL_LOG_NOT_FOUND' });
      });
    }
  });

  test('without a token PATCH is a 401 and writes nothing', async () => {
    const { view, token, url } = await fullCall(h);
    const response = await checkedCall(h, { method: 'PATCH', url, payload: { status: 'Done' } });
    assert.equal(response.status, 401);
    assert.equal(response.body.error_key, 'NOT_AUTHENTICATED');
    assert.deepEqual((await checkedCall(h, { method: 'GET', url, token })).body, view);
  });
});
