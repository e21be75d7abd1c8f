import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sign } from 'retell-sdk';
import { describeEachDatabase, describeOnce, runsNoSql, type Harness } from './helpers/harness.js';
import { assertMatchesExpected, countRows, readExpected, readFixture, seedRoutedClinics, storedCallLog } from './helpers/vapi.js';

const RETELL_FIXTURES = new URL('./fixtures/retell/', import.meta.url);
const RETELL_API_KEY = 'key_test_retell_0123456789';
const expected = readExpected(RETELL_FIXTURES);

async function postRetell(h: Harness, body: string, signature?: string) {
  return h.call({
    method: 'POST',
    url: '/api/v1/webhooks/retell',
    payload: body,
    headers: {
      'content-type': 'application/json',
      ...(signature === undefined ? {} : { 'x-retell-signature': signature }),
    },
  });
}

describeEachDatabase(
  'Retell call_analyzed events',
  (h) => {
    let clinicIds: Record<string, number>;
    before(async () => {
      clinicIds = await seedRoutedClinics(h, expected.clinic_seed);
    });

    describe('each fixture, signed as Retell signs it, stores the expected row', () => {
      for (const testCase of expected.cases) {
        test(`${testCase.file}: ${testCase.outcome}`, async () => {
          const body = readFixture(testCase.file, RETELL_FIXTURES);
          const response = await postRetell(h, body, await sign(body, RETELL_API_KEY));
          assert.equal(response.status, 200, `${testCase.file}: ${JSON.stringify(response.body)}`);
          if (testCase.outcome === 'ignore') {
            assert.deepEqual(response.body, { status: 'ignored' });
            return;
          }
          const wanted = testCase.call_log!;
          const row = await storedCallLog(h, String(wanted.external_call_id));
          assert.ok(row, testCase.file);
          assert.equal(row.clinic_id, clinicIds[testCase.clinic!]);
          assertMatchesExpected(assert, row, wanted, testCase.file);
          assert.deepEqual(JSON.parse(row.full_conversation_json!), JSON.parse(body).call.transcript_object);
        });
      }
    });

    describe('a missing or wrong signature is refused and stores nothing', () => {
      const payload = JSON.parse(readFixture('call-analyzed-booking.json', RETELL_FIXTURES));
      payload.call.call_id = 'call_unsigned_0001';
      const body = JSON.stringify(payload);
      const cases: [string, () => Promise<string | undefined> | string | undefined][] = [
        ['no signature', () => undefined],
        ['signed with another key', () => sign(body, 'key_some_other_account')],
        ['signature of another body', () => sign(`${body}\n`, RETELL_API_KEY)],
        ['garbage', () => 'v=1,d=zz'],
        ['expired', () => `v=${Date.now() - 10 * 60_000},d=${'0'.repeat(64)}`],
      ];
      for (const [name, signatureOf] of cases) {
        test(name, async () => {
          const eventsBefore = await countRows(h, 'webhook_events');
          const response = await postRetell(h, body, await signatureOf());
          assert.equal(response.status, 401, name);
          assert.equal(response.body.error_key, 'WEBHOOK_UNAUTHORIZED', name);
          assert.equal(await countRows(h, 'call_logs', 'call_unsigned_0001'), 0);
          assert.equal(await countRows(h, 'webhook_events'), eventsBefore);
        });
      }
    });
  },
  { retell: { apiKey: RETELL_API_KEY } },
);

// Refused before anything is read or stored (no SQL runs): once is enough.
describeOnce('Retell webhook without an API key', (h) => {
  test('answers 503 WEBHOOK_NOT_CONFIGURED', async () => {
    const body = readFixture('call-analyzed-booking.json', RETELL_FIXTURES);
    const signature = await sign(body, RETELL_API_KEY);
    const response = await runsNoSql(h, () => postRetell(h, body, signature));
    assert.equal(response.status, 503);
    assert.equal(response.body.error_key, 'WEBHOOK_NOT_CONFIGURED');
  });
});
