import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { sharedFixture } from './helpers/fixture.js';
import { describeEachDatabase, describeOnce, runsNoSql, type Harness } from './helpers/harness.js';
import {
  VAPI_HMAC_SECRET,
  VAPI_SECRET,
  assertMatchesExpected,
  countRows,
  fixtureFiles,
  hmacHeaders,
  postVapi,
  readExpected,
  readFixture,
  seedRoutedClinics,
  storedCallLog,
} from './helpers/vapi.js';

const expected = readExpected();
const vapiConfig = { vapi: { secret: VAPI_SECRET, hmacSecret: VAPI_HMAC_SECRET } };

/** A fixture's body with a fresh call id (and optionally other changes), as JSON text. */
function variant(file: string, change: (message: any) => void = () => {}): { body: string; callId: string } {
  const payload = JSON.parse(readFixture(file));
  const callId = randomUUID();
  payload.message.call.id = callId;
  change(payload.message);
  return { body: JSON.stringify(payload), callId };
}

const webhookEvents = (h: Harness, externalCallId: string) =>
  h.database.db.selectFrom('webhook_events').selectAll().where('external_call_id', '=', externalCallId).execute();

describeEachDatabase(
  'Vapi end-of-call reports',
  (h) => {
    let clinicIds: Record<string, number>;
    before(async () => {
      clinicIds = await seedRoutedClinics(h, expected.clinic_seed);
    });

    test('the fixtures on disk are the expected cases, in name order', () => {
      assert.deepEqual(
        fixtureFiles(),
        expected.cases.map((c) => c.file),
      );
    });

    // The fixtures are delivered once, in name order (08 re-delivers 01), before the describe's tests; each fixture's
    // outcome is then a test of its own. Nothing else runs between the deliveries, so the row count is theirs alone.
    describe('every fixture, in name order, stores exactly the expected row in the right clinic', () => {
      const delivered = sharedFixture(async () => {
        const callLogsBefore = await countRows(h, 'call_logs');
        const responses = new Map<string, Awaited<ReturnType<typeof postVapi>>>();
        for (const testCase of expected.cases) responses.set(testCase.file, await postVapi(h, readFixture(testCase.file)));
        return { responses, callLogsAdded: (await countRows(h, 'call_logs')) - callLogsBefore };
      });

      for (const testCase of expected.cases) {
        test(`${testCase.file}: ${testCase.outcome}`, async () => {
          const body = readFixture(testCase.file);
          const response = delivered().responses.get(testCase.file)!;
          assert.ok(
            response.status >= 200 && response.status < 300,
            `${testCase.file}: ${response.status} ${JSON.stringify(response.body)}`,
          );
          if (testCase.outcome === 'ignore') {
            assert.deepEqual(response.body, { status: 'ignored' }, testCase.file);
            return;
          }
          const wanted = testCase.call_log!;
          const row = await storedCallLog(h, String(wanted.external_call_id));
          assert.ok(row, `${testCase.file}: no row`);
          assert.equal(row.clinic_id, clinicIds[testCase.clinic!], `${testCase.file}: clinic`);
          assertMatchesExpected(assert, row, wanted, testCase.file);
          const source = JSON.parse(body).message;
          const messages = (source.artifact?.messages ?? source.messages).filter((m: { role: string }) => m.role !== 'system');
          assert.deepEqual(JSON.parse(row.full_conversation_json!), messages, `${testCase.file}: conversation`);
          assert.equal(await countRows(h, 'call_logs', String(wanted.external_call_id)), 1, `${testCase.file}: one row`);
          assert.deepEqual(response.body, { status: 'processed', event_id: response.body.event_id, call_log_id: row.id });
        });
      }

      test('one row per stored fixture, none for a duplicate or an ignored message', () => {
        const stored = expected.cases.filter((c) => c.outcome === 'store').length;
        assert.equal(delivered().callLogsAdded, stored);
      });

      test('the duplicate delivery changed nothing: 01’s row was not even touched', async () => {
        delivered();
        const first = await storedCallLog(h, String(expected.cases[0]!.call_log!.external_call_id));
        assert.equal(first!.updated_at, null);
      });
    });

    test('an ingested call is what staff see through the API', async () => {
      const { body, callId } = variant('06-french-caller.json');
      assert.equal((await postVapi(h, body)).status, 200);
      const staff = await h.createUser('staff', [clinicIds['clinique-plateau']!]);
      const list = await h.call({
        method: 'GET',
        url: `/api/v1/call-logs/by-clinic/${clinicIds['clinique-plateau']}?search=cote helene`,
        token: staff.token,
      });
      const item = list.body.items.find((i: { external_call_id: string }) => i.external_call_id === callId);
      assert.ok(item, 'found by "cote helene"');
      const detail = await h.call({ method: 'GET', url: `/api/v1/call-logs/${item.id}`, token: staff.token });
      assert.equal(detail.status, 200);
      assert.equal(detail.body.caller_first_name, 'Hélène');
      assert.equal(detail.body.reason_for_call, 'New Appointment');
      assert.equal(detail.body.callback_preference, 'Afternoon');
      assert.equal(detail.body.status, 'New');
      assert.equal(detail.body.is_existing_patient, true);
      assert.equal(detail.body.cost, 0.1223);
      assert.equal(detail.body.call_started_at, '2026-10-08T15:20:09Z');
    });

    describe('each credential kind works alone', () => {
      const credentials: [string, () => Record<string, string>][] = [
        ['x-vapi-secret', () => ({ 'x-vapi-secret': VAPI_SECRET })],
        ['Bearer', () => ({ authorization: `Bearer ${VAPI_SECRET}` })],
        ['bearer in lower case', () => ({ authorization: `bearer ${VAPI_SECRET}` })],
        ['HMAC with a timestamp in seconds', () => hmacHeaders('BODY')],
        ['HMAC with a timestamp in milliseconds', () => hmacHeaders('BODY', Date.now())],
      ];
      for (const [name, headersOf] of credentials) {
        test(name, async () => {
          const headers = headersOf();
          const { body, callId } = variant('02-cancellation.json');
          const signed = 'x-signature' in headers ? hmacHeaders(body, headers['x-timestamp']) : headers;
          const response = await postVapi(h, body, signed);
          assert.equal(response.status, 200, JSON.stringify({ headers: Object.keys(headers), body: response.body }));
          assert.equal(await countRows(h, 'call_logs', callId), 1);
        });
      }
    });

    describe('a delivery without a valid credential is refused and stores nothing', () => {
      const stale = () => Math.floor(Date.now() / 1000) - 6 * 60;
      const cases: [string, (body: string) => Record<string, string>][] = [
        ['no credential', () => ({})],
        ['wrong shared secret', () => ({ 'x-vapi-secret': 'not-the-secret' })],
        ['wrong bearer', () => ({ authorization: 'Bearer not-the-secret' })],
        ['another auth scheme', () => ({ authorization: `Basic ${VAPI_SECRET}` })],
        ['bad HMAC', (body) => ({ ...hmacHeaders(body), 'x-signature': 'ab'.repeat(32) })],
        ['HMAC of another body', (body) => hmacHeaders(`${body} `)],
        ['HMAC with another secret', (body) => hmacHeaders(body, undefined, 'wrong-hmac-secret')],
        ['stale timestamp', (body) => hmacHeaders(body, stale())],
        ['signature without timestamp', (body) => ({ 'x-signature': hmacHeaders(body)['x-signature'] })],
        ['valid secret beside a wrong bearer', () => ({ 'x-vapi-secret': VAPI_SECRET, authorization: 'Bearer wrong' })],
        ['valid HMAC beside a wrong secret', (body) => ({ ...hmacHeaders(body), 'x-vapi-secret': 'wrong' })],
      ];
      for (const [name, headersOf] of cases) {
        test(name, async () => {
          const { body, callId } = variant('01-new-patient-booking.json');
          const eventsBefore = await countRows(h, 'webhook_events');
          const response = await postVapi(h, body, headersOf(body));
          assert.equal(response.status, 401, name);
          assert.deepEqual(response.body, { detail: response.body.detail, error_key: 'WEBHOOK_UNAUTHORIZED' }, name);
          assert.equal(typeof response.body.detail, 'string');
          assert.equal(await countRows(h, 'call_logs', callId), 0);
          assert.equal(await countRows(h, 'webhook_events'), eventsBefore);
        });
      }
    });

    describe('malformed reports answer 4xx with a key, store no call log, and are kept as rejected', () => {
      /** Each case: its body, and the call id the rejected event must carry (null: none to check). */
      const fromFixture = (change: (message: any) => void) => () => {
        const { body, callId } = variant('02-cancellation.json', change);
        return { body, callId };
      };
      const asIs = (body: string) => () => ({ body, callId: null });
      const cases: [string, () => { body: string; callId: string | null }, number, string, boolean][] = [
        ['not JSON', asIs('{"message": '), 400, 'WEBHOOK_PAYLOAD_INVALID', false],
        ['an array', asIs('[1,2]'), 400, 'WEBHOOK_PAYLOAD_INVALID', false],
        ['no message', asIs('{"type": "end-of-call-report"}'), 400, 'WEBHOOK_PAYLOAD_INVALID', false],
        ['no message.type', asIs(JSON.stringify({ message: { call: { id: 'x' } } })), 400, 'WEBHOOK_PAYLOAD_INVALID', false],
        ['no call id', fromFixture((m) => delete m.call.id), 400, 'WEBHOOK_CALL_ID_MISSING', false],
        ['a numeric call id', fromFixture((m) => (m.call.id = 12345)), 400, 'WEBHOOK_CALL_ID_MISSING', false],
        [
          'no start time',
          fromFixture((m) => {
            delete m.startedAt;
            delete m.call.startedAt;
            delete m.call.createdAt;
          }),
          422,
          'WEBHOOK_START_TIME_MISSING',
          true,
        ],
      ];

      for (const [name, make, status, errorKey, checkCallId] of cases) {
        test(name, async () => {
          const { body, callId } = make();
          const eventsBefore = await countRows(h, 'webhook_events');
          const callLogsBefore = await countRows(h, 'call_logs');
          const response = await postVapi(h, body);
          assert.equal(response.status, status, name);
          assert.deepEqual(Object.keys(response.body).sort(), ['detail', 'error_key'], name);
          assert.equal(response.body.error_key, errorKey, name);
          assert.equal(await countRows(h, 'call_logs'), callLogsBefore, name);
          assert.equal(await countRows(h, 'webhook_events'), eventsBefore + 1, name);
          const [latest] = await h.database.db.selectFrom('webhook_events').selectAll().orderBy('id', 'desc').limit(1).execute();
          assert.equal(latest!.state, 'rejected', name);
          assert.match(latest!.error!, new RegExp(errorKey), name);
          if (checkCallId) assert.equal(latest!.external_call_id, callId, name);
        });
      }
    });

    test('a re-delivery never adds a row nor undoes what staff changed', async () => {
      const { body, callId } = variant('03-reschedule.json');
      assert.equal((await postVapi(h, body)).status, 200);
      const row = (await storedCallLog(h, callId))!;
      const staff = await h.createUser('staff', [row.clinic_id]);
      const patch = await h.call({
        method: 'PATCH',
        url: `/api/v1/call-logs/${row.id}`,
        token: staff.token,
        payload: { status: 'Done', summary: 'Called back, moved to Friday 4:15.' },
      });
      assert.equal(patch.status, 200);

      // Vapi re-sends the report with a corrected dentist and summary.
      const payload = JSON.parse(body);
      payload.message.analysis.summary = 'A regenerated summary.';
      payload.message.analysis.structuredData.preferredDentist = 'Dr. Jessica Moreau';
      const again = await postVapi(h, JSON.stringify(payload));
      assert.equal(again.status, 200);
      assert.equal(await countRows(h, 'call_logs', callId), 1);
      const after = (await storedCallLog(h, callId))!;
      assert.equal(after.status, 'DONE');
      assert.equal(after.summary, 'Called back, moved to Friday 4:15.');
      assert.equal(after.preferred_dentist, 'Dr. Jessica Moreau');
      assert.equal(after.clinic_id, row.clinic_id);
      assert.equal(after.created_at, row.created_at);
      assert.notEqual(after.updated_at, null);
    });

    test('concurrent deliveries of one call give exactly one row', async () => {
      for (let round = 0; round < 3; round++) {
        const { body, callId } = variant('01-new-patient-booking.json');
        const responses = await Promise.all(Array.from({ length: 8 }, () => postVapi(h, body)));
        for (const response of responses) assert.equal(response.status, 200, JSON.stringify(response.body));
        assert.equal(await countRows(h, 'call_logs', callId), 1);
        const ids = new Set(responses.map((r) => r.body.call_log_id));
        assert.equal(ids.size, 1);
      }
    });

    test('an unrouted report is kept (202) and processed when its route is added', async () => {
      const assistantId = randomUUID();
      const { body, callId } = variant('02-cancellation.json', (m) => {
        delete m.assistant.metadata;
        m.assistant.id = assistantId;
        m.call.assistantId = assistantId;
        delete m.phoneNumber;
        delete m.call.phoneNumberId;
      });
      const response = await postVapi(h, body);
      assert.equal(response.status, 202);
      assert.deepEqual(response.body, { status: 'unrouted', event_id: response.body.event_id });
      assert.equal(await countRows(h, 'call_logs', callId), 0);
      const [event] = await webhookEvents(h, callId);
      assert.equal(event!.state, 'unrouted');

      const clinic = await h.createClinic('Riverside Dental');
      const route = await h.call({
        method: 'POST',
        url: `/api/v1/clinics/${clinic.id}/vapi-routes`,
        token: await h.adminToken(),
        payload: { type: 'assistant_id', value: assistantId },
      });
      assert.equal(route.status, 201);
      assert.deepEqual(route.body, { id: route.body.id, clinic_id: clinic.id, type: 'assistant_id', value: assistantId });
      // The replay runs in the background, after the POST has answered.
      for (let tries = 0; (await webhookEvents(h, callId))[0]!.state === 'unrouted' && tries < 100; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const row = await storedCallLog(h, callId);
      assert.equal(row?.clinic_id, clinic.id);
      const [processed] = await webhookEvents(h, callId);
      assert.equal(processed!.state, 'processed');
      assert.equal(processed!.call_log_id, row.id);
    });

    test('a processing failure is kept as failed, then a retry stores the call', async () => {
      const { body, callId } = variant('04-emergency-toothache.json');
      // A database that refuses this one insert: what a hiccup or a bug looks like from inside.
      const triggerName = `refuse_${callId.replace(/-/g, '_')}`;
      if (h.dbName === 'mariadb') {
        await sql
          .raw(
            `CREATE TRIGGER ${triggerName} BEFORE INSERT ON call_logs FOR EACH ROW
             IF NEW.external_call_id = '${callId}' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'simulated outage'; END IF`,
          )
          .execute(h.database.db);
      } else {
        await sql
          .raw(
            `CREATE TRIGGER ${triggerName} BEFORE INSERT ON call_logs WHEN NEW.external_call_id = '${callId}'
             BEGIN SELECT RAISE(ABORT, 'simulated outage'); END`,
          )
          .execute(h.database.db);
      }
      const response = await postVapi(h, body);
      assert.equal(response.status, 202);
      assert.deepEqual(response.body, { status: 'queued', event_id: response.body.event_id });
      assert.equal(await countRows(h, 'call_logs', callId), 0);
      const [failed] = await webhookEvents(h, callId);
      assert.equal(failed!.state, 'failed');
      assert.match(failed!.error!, /simulated outage/);

      await sql.raw(`DROP TRIGGER ${triggerName}`).execute(h.database.db);
      const retry = await h.call({
        method: 'POST',
        url: `/api/v1/webhook-events/${response.body.event_id}/retry`,
        token: await h.adminToken(),
      });
      assert.equal(retry.status, 200);
      assert.equal(retry.body.state, 'processed');
      assert.equal(retry.body.error, null);
      assert.equal(retry.body.attempts, 2);
      const row = await storedCallLog(h, callId);
      assert.equal(row?.reason_for_call, 'EMERGENCY');
      assert.equal(retry.body.call_log_id, row.id);
    });

    describe('other message types are acknowledged and store nothing', () => {
      for (const type of ['status-update', 'conversation-update', 'hang', 'tool-calls', 'some-future-type']) {
        test(type, async () => {
          const { body, callId } = variant('09-status-update-ended.json', (m) => (m.type = type));
          const response = await postVapi(h, body);
          assert.equal(response.status, 200, type);
          assert.deepEqual(response.body, { status: 'ignored' });
          assert.equal(await countRows(h, 'call_logs', callId), 0);
        });
      }
    });

    test('the inbox keeps bodies without credentials, and only admins may read it', async () => {
      const { body, callId } = variant('01-new-patient-booking.json', (m) => {
        m.phoneNumber = { ...(m.phoneNumber ?? {}), twilioAuthToken: 'tw-secret-token', twilioAccountSid: 'AC123' };
      });
      assert.equal((await postVapi(h, body)).status, 200);
      const page = await h.call({ method: 'GET', url: '/api/v1/webhook-events?state=processed&limit=100', token: await h.adminToken() });
      assert.equal(page.status, 200);
      assert.deepEqual(Object.keys(page.body).sort(), ['items', 'limit', 'page', 'pages', 'total']);
      const event = page.body.items.find((e: { external_call_id: string }) => e.external_call_id === callId);
      assert.ok(event);
      assert.equal(event.provider, 'vapi');
      assert.equal(event.message_type, 'end-of-call-report');
      assert.match(event.received_at, /Z$/);
      assert.equal(event.body.message.phoneNumber.twilioAuthToken, '[redacted]');
      assert.equal(event.body.message.phoneNumber.twilioAccountSid, 'AC123');
      assert.ok(!JSON.stringify(page.body).includes('tw-secret-token'));
      // The whole delivery comes back (the transcript and every message), though a body this long is kept deflated.
      const sent = JSON.parse(body);
      assert.equal(event.body.message.artifact.transcript, sent.message.artifact.transcript);
      assert.deepEqual(event.body.message.artifact.messages, sent.message.artifact.messages);
      const [stored] = await webhookEvents(h, callId);
      assert.equal(stored!.body, '');
      assert.ok(stored!.body_deflated!.length < body.length / 3, `${stored!.body_deflated!.length} bytes deflated of ${body.length}`);

      const clinic = await h.createClinic();
      const staff = await h.createUser('staff', [clinic.id]);
      const forbidden = await h.call({ method: 'GET', url: '/api/v1/webhook-events', token: staff.token });
      assert.equal(forbidden.status, 403);
      assert.equal(forbidden.body.error_key, 'FORBIDDEN');
    });

    test('routes: a taken value is refused, and routes can be listed and removed', async () => {
      const clinic = await h.createClinic();
      const token = await h.adminToken();
      const taken = await h.call({
        method: 'POST',
        url: `/api/v1/clinics/${clinic.id}/vapi-routes`,
        token,
        payload: { type: 'clinic_key', value: 'maple-grove-dental' },
      });
      assert.equal(taken.status, 409);
      assert.equal(taken.body.error_key, 'ROUTE_TAKEN');
      const added = await h.call({
        method: 'POST',
        url: `/api/v1/clinics/${clinic.id}/vapi-routes`,
        token,
        payload: { type: 'phone_number_id', value: 'pn-123' },
      });
      const list = await h.call({ method: 'GET', url: `/api/v1/clinics/${clinic.id}/vapi-routes`, token });
      assert.deepEqual(list.body, [{ id: added.body.id, clinic_id: clinic.id, type: 'phone_number_id', value: 'pn-123' }]);
      const removed = await h.call({ method: 'DELETE', url: `/api/v1/clinics/${clinic.id}/vapi-routes/${added.body.id}`, token });
      assert.equal(removed.status, 204);
      assert.deepEqual((await h.call({ method: 'GET', url: `/api/v1/clinics/${clinic.id}/vapi-routes`, token })).body, []);
      const bad = await h.call({
        method: 'POST',
        url: `/api/v1/clinics/${clinic.id}/vapi-routes`,
        token,
        payload: { type: 'phone', value: 'x' },
      });
      assert.equal(bad.status, 422);
    });
  },
  vapiConfig,
);

// Refused before anything is read or stored (no SQL runs): once is enough.
describeOnce('Vapi webhook without a configured credential', (h) => {
  test('answers 503 WEBHOOK_NOT_CONFIGURED and stores nothing', async () => {
    const body = readFixture('01-new-patient-booking.json');
    const response = await runsNoSql(h, () => postVapi(h, body, { 'x-vapi-secret': 'anything' }));
    assert.equal(response.status, 503);
    assert.equal(response.body.error_key, 'WEBHOOK_NOT_CONFIGURED');
    assert.equal(await countRows(h, 'webhook_events'), 0);
  });
});
