import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, test } from 'node:test';
import { describeEachDatabase } from './helpers/harness.js';
import { VAPI_SECRET, readFixture } from './helpers/vapi.js';

interface ServerSentEvent {
  event: string;
  data: any;
}

/** Opens the clinic's event stream on the real port and hands back the next events as they come. */
async function openStream(baseUrl: string, clinicId: number, auth: { header?: string; query?: string }) {
  const controller = new AbortController();
  const url = `${baseUrl}/api/v1/call-logs/by-clinic/${clinicId}/stream${auth.query ? `?access_token=${auth.query}` : ''}`;
  const response = await fetch(url, {
    headers: auth.header ? { authorization: `Bearer ${auth.header}` } : {},
    signal: controller.signal,
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const next = async (): Promise<ServerSentEvent> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) return { event, data: JSON.parse(data) };
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += value;
    }
  };
  return { response, next, close: () => controller.abort() };
}

describeEachDatabase(
  'live updates',
  (h) => {
    let baseUrl: string;
    before(async () => {
      baseUrl = await h.app.listen({ port: 0, host: '127.0.0.1' });
    });

    test('a clinic’s stream carries new calls from the webhook and other staff’s changes', async () => {
      const clinic = await h.createClinic();
      const key = `clinic-${randomUUID()}`;
      await h.call({
        method: 'POST',
        url: `/api/v1/clinics/${clinic.id}/vapi-routes`,
        token: await h.adminToken(),
        payload: { type: 'clinic_key', value: key },
      });
      const watcher = await h.createUser('staff', [clinic.id]);
      const colleague = await h.createUser('staff', [clinic.id]);
      const stream = await openStream(baseUrl, clinic.id, { query: watcher.token });
      assert.equal(stream.response.status, 200);
      assert.match(stream.response.headers.get('content-type')!, /^text\/event-stream/);

      const payload = JSON.parse(readFixture('04-emergency-toothache.json'));
      payload.message.call.id = randomUUID();
      payload.message.assistant.metadata.clinicId = key;
      const delivery = await h.call({
        method: 'POST',
        url: '/api/v1/webhooks/vapi',
        payload: JSON.stringify(payload),
        headers: { 'content-type': 'application/json', 'x-vapi-secret': VAPI_SECRET },
      });
      assert.equal(delivery.status, 200);
      const created = await stream.next();
      assert.equal(created.event, 'call-log.created');
      assert.deepEqual(created.data, {
        id: delivery.body.call_log_id,
        external_call_id: payload.message.call.id,
        caller_first_name: 'Aisha',
        caller_last_name: 'Mohammed',
        caller_phone_number: '+14165550186',
        call_started_at: '2026-10-07T02:27:12Z',
        reason_for_call: 'Emergency',
        status: 'New',
        is_existing_patient: true,
        callback_preference: 'Anytime',
        clinic,
      });

      await h.call({
        method: 'PATCH',
        url: `/api/v1/call-logs/${delivery.body.call_log_id}`,
        token: colleague.token,
        payload: { status: 'In Progress' },
      });
      const updated = await stream.next();
      assert.equal(updated.event, 'call-log.updated');
      assert.equal(updated.data.id, delivery.body.call_log_id);
      assert.equal(updated.data.status, 'In Progress');
      stream.close();
    });

    test('the stream is authenticated and tenant-checked', async () => {
      const clinic = await h.createClinic();
      const other = await h.createClinic();
      const staff = await h.createUser('staff', [clinic.id]);
      const noToken = await fetch(`${baseUrl}/api/v1/call-logs/by-clinic/${clinic.id}/stream`);
      assert.equal(noToken.status, 401);
      assert.equal((await noToken.json()).error_key, 'NOT_AUTHENTICATED');
      const foreign = await fetch(`${baseUrl}/api/v1/call-logs/by-clinic/${other.id}/stream`, {
        headers: { authorization: `Bearer ${staff.token}` },
      });
      assert.equal(foreign.status, 404);
      assert.equal((await foreign.json()).error_key, 'CLINIC_NOT_FOUND');
      // Only the stream takes a token in its URL.
      const list = await fetch(`${baseUrl}/api/v1/call-logs/by-clinic/${clinic.id}?access_token=${staff.token}`);
      assert.equal(list.status, 401);
      const own = await openStream(baseUrl, clinic.id, { header: staff.token });
      assert.equal(own.response.status, 200);
      own.close();
    });
  },
  { vapi: { secret: VAPI_SECRET } },
);
