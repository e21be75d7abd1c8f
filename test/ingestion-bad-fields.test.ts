import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, test } from 'node:test';
import { describeEachDatabase, type Harness } from './helpers/harness.js';
import { VAPI_SECRET, postVapi, createClinicRoutedByKey, freshReport } from './helpers/vapi.js';

/**
 * One value a column cannot hold (a float beyond FLOAT, JSON nested deeper than
 * MariaDB's JSON functions accept, text longer than its column, a date that does not exist) used to
 * lose the whole report: answered 202 "queued", then 50 failed retries. Now that value is dropped or
 * cut, the call is stored and shown, and its inbox row says which field and why.
 */

const CLINIC_KEY = `bad-fields-${randomUUID().slice(0, 8)}`;

/** The emergency fixture as a new call of this file's clinic, changed by `change`. */
const report = (change: (message: any) => void) => freshReport('04-emergency-toothache.json', CLINIC_KEY, change);

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = { level: value };
  return value;
}

interface Stored {
  call: Record<string, any>;
  event: { state: string; warnings: { field: string; reason: string }[]; call_log_id: number; attempts: number };
}

/** Posts the report and reads back, through the API, the call it stored and its inbox row. */
async function deliver(h: Harness, body: string): Promise<Stored> {
  const response = await postVapi(h, body);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.status, 'processed', JSON.stringify(response.body));
  const token = await h.adminToken();
  const call = await h.call({ method: 'GET', url: `/api/v1/call-logs/${response.body.call_log_id}`, token });
  assert.equal(call.status, 200);
  const event = await h.call({ method: 'GET', url: `/api/v1/webhook-events/${response.body.event_id}`, token });
  assert.equal(event.status, 200);
  return { call: call.body, event: event.body };
}

const fieldsOf = (stored: Stored) => stored.event.warnings.map((warning) => warning.field).sort();

describeEachDatabase(
  'a report with a value its column cannot hold is stored without that value',
  (h) => {
    before(async () => {
      await createClinicRoutedByKey(h, CLINIC_KEY);
    });

    test('a duration and a cost of 1e308 are dropped; the rest of the call is stored', async () => {
      const { body, callId } = report((m) => {
        m.durationSeconds = 1e308;
        m.cost = 1e308;
      });
      const stored = await deliver(h, body);
      assert.equal(stored.call.external_call_id, callId);
      assert.equal(stored.call.call_duration_seconds, null);
      assert.equal(stored.call.cost, null);
      assert.equal(stored.call.caller_first_name, 'Aisha');
      assert.equal(stored.call.reason_for_call, 'Emergency');
      assert.equal(stored.event.state, 'processed');
      assert.equal(stored.event.attempts, 1);
      assert.deepEqual(fieldsOf(stored), ['call_duration_seconds', 'cost']);
      for (const warning of stored.event.warnings) assert.match(warning.reason, /range|fit/i, warning.field);
    });

    test('structured data nested 1,000 levels deep: the raw JSON is dropped, the fields read from it are kept', async () => {
      const { body, callId } = report((m) => {
        m.analysis.structuredData.notes = nested(1000);
      });
      const stored = await deliver(h, body);
      assert.equal(stored.call.external_call_id, callId);
      assert.equal(stored.call.raw_structured_data, null);
      assert.equal(stored.call.caller_first_name, 'Aisha');
      assert.equal(stored.call.caller_last_name, 'Mohammed');
      assert.equal(stored.call.reason_for_call, 'Emergency');
      assert.deepEqual(fieldsOf(stored), ['raw_structured_data']);
      assert.match(stored.event.warnings[0]!.reason, /nest/i);
    });

    test('structured data nested just within the limit is kept whole, without a warning', async () => {
      const { body } = report((m) => {
        // The root object is level 1, so this reaches 31 levels: the most MariaDB's JSON functions accept.
        m.analysis.structuredData.notes = nested(30);
      });
      const stored = await deliver(h, body);
      assert.deepEqual(stored.call.raw_structured_data.notes, nested(30));
      assert.deepEqual(stored.event.warnings, []);
    });

    test('text longer than its column is cut at a character boundary, and the cut is reported', async () => {
      const { body } = report((m) => {
        m.analysis.summary = 'é'.repeat(40_000); // 80,000 bytes of UTF-8 for a 65,535-byte TEXT
        m.endedReason = '😀'.repeat(150); // 150 characters for a VARCHAR(100)
      });
      const stored = await deliver(h, body);
      assert.equal(stored.call.summary, 'é'.repeat(32_767));
      assert.equal(stored.call.ended_reason, '😀'.repeat(100));
      assert.deepEqual(fieldsOf(stored), ['ended_reason', 'summary']);
      assert.match(stored.event.warnings.find((w) => w.field === 'summary')!.reason, /80,000 bytes/);
    });

    test('a conversation larger than the JSON kept per column is dropped; its transcript is kept', async () => {
      const { body } = report((m) => {
        m.artifact.messages.push({ role: 'user', message: 'x'.repeat(4.5 * 1024 * 1024) });
      });
      const stored = await deliver(h, body);
      assert.equal(stored.call.full_conversation_json, null);
      assert.match(stored.call.transcript_text, /\w/);
      assert.deepEqual(fieldsOf(stored), ['full_conversation_json']);
    });

    test('an end time that is not a real date is dropped; a start time that is not falls back to the next source', async () => {
      const { body } = report((m) => {
        m.startedAt = '2026-02-30T10:00:00Z';
        m.call.startedAt = '2026-10-07T02:27:12.903Z';
        m.endedAt = '2026-13-01T10:00:00Z';
        delete m.call.endedAt;
      });
      const stored = await deliver(h, body);
      assert.equal(stored.call.call_started_at, '2026-10-07T02:27:12Z');
      assert.equal(stored.call.call_ended_at, null);
      assert.deepEqual(fieldsOf(stored), ['call_ended_at', 'call_started_at']);
      for (const warning of stored.event.warnings) assert.match(warning.reason, /date/i, warning.field);
    });

    test('a report with nothing out of place has no warnings', async () => {
      const stored = await deliver(h, report(() => {}).body);
      assert.deepEqual(stored.event.warnings, []);
      const list = await h.call({ method: 'GET', url: '/api/v1/webhook-events?limit=100', token: await h.adminToken() });
      assert.equal(list.status, 200);
      assert.ok(list.body.items.every((item: { warnings: unknown }) => Array.isArray(item.warnings)));
    });
  },
  { vapi: { secret: VAPI_SECRET } },
);
