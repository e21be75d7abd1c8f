import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { ADMIN, describeEachDatabase, type Harness } from './helpers/harness.js';
import { readFixture, VAPI_SECRET } from './helpers/vapi.js';

/**
 * The request log carries no patient data and no credential: a test patient's name and phone go
 * through every patient-bearing route (search, counts, PATCH, the webhook body, a page URL), and
 * the captured log is searched for them. Each request is exactly one line.
 */

const PATIENT = { first: 'Ximena', last: 'Quenneville', phone: '+15558675309', digits: '8675309' };
const lines: string[] = [];

describeEachDatabase(
  'request log',
  (h) => {
    test('patient names, phone digits, passwords and tokens never reach the log; one line per request', async () => {
      const clinic = await h.createClinic();
      const staff = await h.createUser('staff', [clinic.id]);
      const callId = await h.insertCallLog(clinic.id, {
        caller_first_name: PATIENT.first,
        caller_last_name: PATIENT.last,
        caller_phone_number: PATIENT.phone,
      });
      const delivery = readFixture('01-new-patient-booking.json')
        .replaceAll('Daniel', PATIENT.first)
        .replaceAll('Okafor', PATIENT.last)
        .replaceAll('+14165550123', PATIENT.phone)
        .replaceAll('call_98bcd786408915eccf68cce6', `call_${randomUUID()}`);
      const list = `/api/v1/call-logs/by-clinic/${clinic.id}`;

      const requests: Parameters<Harness['call']>[0][] = [
        { method: 'POST', url: '/api/v1/auth/login', payload: ADMIN },
        { method: 'GET', url: `${list}?search=${PATIENT.last}`, token: staff.token },
        { method: 'GET', url: `${list}?search=${PATIENT.digits}&status[]=New`, token: staff.token },
        { method: 'GET', url: `${list}/counts?search=${encodeURIComponent(`${PATIENT.first} ${PATIENT.last}`)}`, token: staff.token },
        {
          method: 'PATCH',
          url: `/api/v1/call-logs/${callId}`,
          token: staff.token,
          payload: { summary: `${PATIENT.first} ${PATIENT.last} asked to be called on ${PATIENT.phone}.` },
        },
        // A refused change still must not log what was sent.
        { method: 'PATCH', url: `/api/v1/call-logs/${callId}`, token: staff.token, payload: { caller_last_name: PATIENT.last, nope: 1 } },
        {
          method: 'POST',
          url: '/api/v1/webhooks/vapi',
          payload: delivery,
          headers: { 'content-type': 'application/json', 'x-vapi-secret': VAPI_SECRET },
        },
        { method: 'GET', url: `/api/v1/call-logs/${callId}`, token: staff.token },
        // The dashboard's own URL carries the search; so may a mistyped API path.
        { method: 'GET', url: `/calls?clinic=${clinic.id}&q=${PATIENT.last}`, headers: { accept: 'text/html' } },
        { method: 'GET', url: `/api/v1/nothing-here?search=${PATIENT.last}&access_token=${staff.token}` },
      ];
      const before = lines.length;
      const statuses = [];
      for (const request of requests) statuses.push((await h.call(request)).status);
      assert.deepEqual(statuses.slice(0, 6), [200, 200, 200, 200, 200, 422]);
      assert.ok([200, 202].includes(statuses[6]!), `webhook answered ${statuses[6]}`);
      assert.deepEqual(statuses.slice(7), [200, 200, 404]);

      const logged = lines.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
      const requestLines = logged.filter((line) => line.msg === 'request');
      assert.equal(requestLines.length, requests.length, 'one line per request');
      assert.equal(new Set(requestLines.map((line) => line.reqId)).size, requests.length, 'each its own request id');
      assert.deepEqual(
        requestLines.map(({ method, route, status }) => ({ method, route, status })),
        [
          { method: 'POST', route: '/api/v1/auth/login', status: 200 },
          { method: 'GET', route: '/api/v1/call-logs/by-clinic/:clinic_id', status: 200 },
          { method: 'GET', route: '/api/v1/call-logs/by-clinic/:clinic_id', status: 200 },
          { method: 'GET', route: '/api/v1/call-logs/by-clinic/:clinic_id/counts', status: 200 },
          { method: 'PATCH', route: '/api/v1/call-logs/:call_log_id', status: 200 },
          { method: 'PATCH', route: '/api/v1/call-logs/:call_log_id', status: 422 },
          { method: 'POST', route: '/api/v1/webhooks/vapi', status: statuses[6] },
          { method: 'GET', route: '/api/v1/call-logs/:call_log_id', status: 200 },
          { method: 'GET', route: '(no route) /calls', status: statuses[8] },
          { method: 'GET', route: '(no route) /api/v1/nothing-here', status: 404 },
        ],
      );
      for (const line of requestLines) assert.equal(typeof line.ms, 'number');

      const text = lines.slice(before).join('');
      for (const secret of [PATIENT.first, PATIENT.last, PATIENT.digits, '867-5309', ADMIN.password, staff.token, VAPI_SECRET]) {
        assert.ok(!text.includes(secret), `the log contains ${secret}:\n${text}`);
      }
      assert.ok(!text.includes('search='), 'no query string is logged');
    });

    test('a recording link’s signature and the provider’s recording address never reach the log', async () => {
      const clinic = await h.createClinic();
      const staff = await h.createUser('staff', [clinic.id]);
      // Nothing listens there: the play fails upstream (502), which is logged, and must still name neither.
      const providerAddress = 'http://127.0.0.1:9/recordings/private-call-mono.wav';
      const callId = await h.insertCallLog(clinic.id, { audio_recording_url: providerAddress });
      const link = (await h.call({ method: 'GET', url: `/api/v1/call-logs/${callId}`, token: staff.token })).body
        .audio_recording_url as string;
      const before = lines.length;
      assert.equal((await h.call({ method: 'GET', url: link })).status, 502);
      const text = lines.slice(before).join('');
      assert.match(text, /"route":"\/api\/v1\/call-logs\/:call_log_id\/recording"/);
      const signature = new URL(link, 'http://zenicall').searchParams.get('signature')!;
      for (const secret of [signature, providerAddress, 'private-call-mono']) {
        assert.ok(!text.includes(secret), `the log contains ${secret}:\n${text}`);
      }
    });
  },
  { logLevel: 'info', vapi: { secret: VAPI_SECRET } },
  { logStream: { write: (line) => void lines.push(line) } },
);
