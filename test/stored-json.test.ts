import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { setUp, type Clinic } from './helpers/call-logs.js';
import { describeEachDatabase } from './helpers/harness.js';

/**
 * The detail sends its JSON columns as stored, without parsing them (call-logs/detail-serializer.ts).
 * That is only right while the database refuses to store anything but JSON in them: these tests fail
 * on a database whose columns lose their `CHECK (json_valid(…))`.
 */
describeEachDatabase('JSON columns hold JSON only', (h) => {
  let clinic: Clinic;
  let token: string;
  before(async () => {
    ({ clinic, token } = await setUp(h));
  });

  for (const column of ['full_conversation_json', 'raw_structured_data'] as const) {
    for (const text of ['not json', '{"unclosed": [1, 2}', "{'single': 'quotes'}"]) {
      test(`${column} refuses ${JSON.stringify(text)}`, async () => {
        await assert.rejects(h.insertCallLog(clinic.id, { [column]: text }));
      });
    }
  }

  test('the detail sends the stored JSON text as the value it spells', async () => {
    const conversation = '[ {"role": "bot", "message": "Bonjour \\u00e9 \\"cit\\u00e9\\""} ,{"role":"user","time":1.50} ]';
    const structured = '{"a": {"b": [true, null]}}';
    const id = await h.insertCallLog(clinic.id, { full_conversation_json: conversation, raw_structured_data: structured });
    const response = await h.call({ method: 'GET', url: `/api/v1/call-logs/${id}`, token });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body.full_conversation_json, JSON.parse(conversation));
    assert.deepEqual(response.body.raw_structured_data, { a: { b: [true, null] } });
  });
});
