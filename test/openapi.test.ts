import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { describeEachDatabase, type Harness } from './helpers/harness.js';

/** The OpenAPI document and the interactive docs: public, and naming the seed's shapes. */

const LIST = '/api/v1/call-logs/by-clinic/{clinic_id}';
const ONE = '/api/v1/call-logs/{call_log_id}';
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

async function document(h: Harness) {
  const response = await h.call({ method: 'GET', url: '/openapi.json' });
  assert.equal(response.status, 200);
  assert.match(String(response.headers['content-type']), /^application\/json/);
  return response.body;
}

/** GET, following redirects within the app (at most a few). */
async function follow(h: Harness, url: string) {
  let response = await h.call({ method: 'GET', url });
  for (let hops = 0; hops < 5 && response.status >= 300 && response.status < 400; hops++) {
    const location = String(response.headers.location);
    response = await h.call({ method: 'GET', url: new URL(location, `http://localhost${url}`).pathname });
  }
  return response;
}

describeEachDatabase('OpenAPI and docs', (h) => {
  test('/openapi.json is public and is an OpenAPI 3 document about Zenicall', async () => {
    const doc = await document(h);
    assert.match(doc.openapi, /^3\./);
    assert.equal(typeof doc.info.title, 'string');
    assert.match(doc.info.title, /Zenicall/);
    assert.equal(typeof doc.info.version, 'string');
  });

  test('it lists the three seed endpoints', async () => {
    const doc = await document(h);
    assert.ok(doc.paths[LIST]?.get, `${LIST} GET is documented`);
    assert.ok(doc.paths[ONE]?.get, `${ONE} GET is documented`);
    assert.ok(doc.paths[ONE]?.patch, `${ONE} PATCH is documented`);
  });

  test('the seed shapes are named components, and the endpoints refer to them', async () => {
    const doc = await document(h);
    const schemas = doc.components.schemas;
    for (const name of ['CallLogPage', 'CallLogDetailView', 'CallLogUpdate', 'CallLogListItem', 'Clinic']) {
      assert.ok(schemas[name], `${name} is a component`);
    }
    assert.deepEqual(doc.paths[LIST].get.responses['200'].content['application/json'].schema, ref('CallLogPage'));
    assert.deepEqual(doc.paths[ONE].get.responses['200'].content['application/json'].schema, ref('CallLogDetailView'));
    assert.deepEqual(doc.paths[ONE].patch.responses['200'].content['application/json'].schema, ref('CallLogDetailView'));
    assert.deepEqual(doc.paths[ONE].patch.requestBody.content['application/json'].schema, ref('CallLogUpdate'));

    assert.deepEqual(Object.keys(schemas.CallLogPage.properties).sort(), ['items', 'limit', 'page', 'pages', 'total']);
    for (const field of [
      'id',
      'external_call_id',
      'caller_first_name',
      'caller_last_name',
      'caller_phone_number',
      'call_started_at',
      'reason_for_call',
      'status',
      'clinic',
    ]) {
      assert.ok(schemas.CallLogListItem.properties[field], `CallLogListItem.${field}`);
    }
    for (const field of [
      'call_ended_at',
      'call_duration_seconds',
      'callback_preference',
      'summary',
      'detailed_reason',
      'preferred_dentist',
      'audio_recording_url',
      'cost',
      'ended_reason',
      'transcript_text',
      'full_conversation_json',
      'raw_structured_data',
      'created_at',
      'updated_at',
      'is_existing_patient',
      'clinic_id',
    ]) {
      assert.ok(schemas.CallLogDetailView.properties[field], `CallLogDetailView.${field}`);
    }
    assert.deepEqual(Object.keys(schemas.CallLogUpdate.properties).sort(), [
      'assignee_id',
      'callback_preference',
      'caller_first_name',
      'caller_last_name',
      'detailed_reason',
      'is_existing_patient',
      'outcome',
      'preferred_dentist',
      'priority',
      'reason_for_call',
      'status',
      'summary',
    ]);
    assert.equal(schemas.CallLogUpdate.additionalProperties, false);
  });

  test('the list documents its query parameters and the path parameter', async () => {
    const doc = await document(h);
    const parameters: { name: string; in: string; required?: boolean }[] = doc.paths[LIST].get.parameters;
    const byName = new Map(parameters.map((p) => [`${p.in}:${p.name}`, p]));
    for (const name of ['query:search', 'query:status[]', 'query:page', 'query:limit', 'path:clinic_id']) {
      assert.ok(byName.has(name), `${name} is documented`);
    }
    assert.equal(byName.get('path:clinic_id')?.required, true);
  });

  test('the seed endpoints document their errors and need a bearer token; login does not', async () => {
    const doc = await document(h);
    assert.deepEqual(doc.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const operation of [doc.paths[LIST].get, doc.paths[ONE].get, doc.paths[ONE].patch, doc.paths['/api/v1/auth/me'].get]) {
      for (const status of ['401', '422']) assert.ok(operation.responses[status], `documents ${status}`);
      // What /docs sends: the operation's own requirement, or the document's.
      assert.deepEqual(operation.security ?? doc.security, [{ bearerAuth: [] }]);
    }
    for (const operation of [doc.paths[LIST].get, doc.paths[ONE].get, doc.paths[ONE].patch]) {
      assert.ok(operation.responses['404'], 'documents 404');
    }
    assert.deepEqual(doc.paths['/api/v1/auth/login'].post.security, []);
  });

  test('/docs is public HTML', async () => {
    const response = await follow(h, '/docs');
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.match(String(response.body), /<html/i);
  });
});

/**
 * The committed contract (docs/openapi.json) is what the server serves: an API change shows up in
 * review as a diff of that file. `UPDATE_OPENAPI=1 npm test` rewrites it.
 */
describeEachDatabase('the committed OpenAPI document', (h) => {
  test('docs/openapi.json is current', async () => {
    const committed = new URL('../docs/openapi.json', import.meta.url);
    const served = `${JSON.stringify(await document(h), null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(committed, served);
    assert.equal(served, readFileSync(committed, 'utf8'), 'docs/openapi.json is stale: run UPDATE_OPENAPI=1 npm test');
  });
});
