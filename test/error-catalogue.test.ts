import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { ErrorCatalogue, Errors, catalogueEntry, type ErrorEntry } from '../src/shared/errors.js';
import { errorResponses } from '../src/shared/schemas.js';
import { describeEachDatabase, testConfig, type Harness } from './helpers/harness.js';
import { createRecordingLinks } from '../src/modules/recordings/links.js';
import { startRecordingUpstream, tinyWav, type RecordingUpstream } from './helpers/recording-upstream.js';
import { refuseDataOf } from './helpers/refusals.js';

/**
 * One error catalogue, and routes that say which of its entries they answer: every error key a
 * route documents is in the catalogue with that status, every entry is documented somewhere, and
 * every entry a route declares is provoked here through the API and found in that route's OpenAPI
 * responses. (The harness also refuses, on every test, an error a route does not document.)
 */

const entries: ErrorEntry[] = Object.values(ErrorCatalogue);
const routeEntries = entries.filter((entry) => !entry.anyRoute);
const VAPI_SECRET = 'error-catalogue-vapi-secret';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string; properties?: { error_key?: { enum?: string[] } } } }> }>;
}

/** `status → error keys` of one documented operation. */
function documentedKeys(operation: Operation): Map<number, string[]> {
  const keys = new Map<number, string[]>();
  for (const [status, response] of Object.entries(operation.responses)) {
    if (Number(status) < 400) continue;
    // The stream's errors are listed under its own media type (`produces`), the rest under JSON.
    const schema = Object.values(response.content ?? {})[0]?.schema;
    if (schema?.$ref === '#/components/schemas/ValidationErrorBody') keys.set(Number(status), ['VALIDATION_ERROR']);
    else keys.set(Number(status), schema?.properties?.error_key?.enum ?? []);
  }
  return keys;
}

async function operations(h: Harness): Promise<Map<string, Operation>> {
  const doc = (await h.call({ method: 'GET', url: '/openapi.json' })).body as { paths: Record<string, Record<string, Operation>> };
  const found = new Map<string, Operation>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) found.set(`${method.toUpperCase()} ${path}`, operation);
  }
  return found;
}

test('the catalogue has one entry per error key, each an error status', () => {
  assert.equal(new Set(entries.map((entry) => entry.key)).size, entries.length);
  for (const entry of entries) {
    assert.match(entry.key, /^[A-Z][A-Z_]+$/, entry.key);
    assert.ok(entry.status >= 400 && entry.status < 600, entry.key);
    assert.equal(catalogueEntry(entry.key), entry);
  }
});

test('a route’s error responses are built from the entries it lists, one enum of keys per status', () => {
  const responses = errorResponses('notAuthenticated', 'clinicNotFound', 'routeNotFound', 'validation');
  assert.deepEqual(Object.keys(responses).sort(), ['401', '404', '422']);
  assert.deepEqual((responses[404] as any).properties.error_key.enum, ['CLINIC_NOT_FOUND', 'ROUTE_NOT_FOUND']);
  assert.deepEqual(responses[422], Type.Ref('ValidationErrorBody'));
  assert.throws(() => errorResponses('validation', 'webhookStartTimeMissing'), /cannot mix VALIDATION_ERROR/);
});

describeEachDatabase(
  'the error catalogue and the OpenAPI document',
  (h) => {
    test('every documented error key is in the catalogue with that status, and every entry is documented', async () => {
      const documented = new Set<string>();
      for (const [name, operation] of await operations(h)) {
        for (const [status, keys] of documentedKeys(operation)) {
          assert.ok(keys.length > 0, `${name} documents ${status} without its error keys`);
          for (const key of keys) {
            assert.equal(catalogueEntry(key)?.status, status, `${name}: ${status} ${key} is not a catalogue entry`);
            documented.add(key);
          }
        }
      }
      const undocumented = routeEntries.filter((entry) => !documented.has(entry.key)).map((entry) => entry.key);
      assert.deepEqual(undocumented, [], 'catalogue entries no route declares');
    });

    /** Each case provokes one error on one operation: the answer is that entry, and the operation documents it. */
    type Case = { operation: string; run: () => Promise<{ status: number; body: any }>; entry: ErrorEntry };
    const cases: Case[] = [];
    const add = (entry: ErrorEntry, operation: string, run: Case['run']) => cases.push({ entry, operation, run });
    let admin: string;
    let staff: string;
    let clinicId: number;
    let callLogId: number;
    before(async () => {
      admin = await h.adminToken();
      clinicId = (await h.createClinic()).id;
      staff = (await h.createUser('staff', [clinicId])).token;
      callLogId = await h.insertCallLog(clinicId);
    });
    const missing = 2147483000;
    const vapi = (body: string, secret = VAPI_SECRET) =>
      h.call({
        method: 'POST',
        url: '/api/v1/webhooks/vapi',
        payload: body,
        headers: { 'content-type': 'application/json', 'x-vapi-secret': secret },
      });
    const report = (message: object) => JSON.stringify({ message: { type: 'end-of-call-report', ...message } });

    add(ErrorCatalogue.validation, 'PATCH /api/v1/call-logs/{call_log_id}', () =>
      h.call({ method: 'PATCH', url: `/api/v1/call-logs/${callLogId}`, token: staff, payload: { status: 'Nope' } }),
    );
    add(ErrorCatalogue.notAuthenticated, 'GET /api/v1/clinics', () => h.call({ method: 'GET', url: '/api/v1/clinics' }));
    add(ErrorCatalogue.invalidCredentials, 'POST /api/v1/auth/login', () =>
      h.call({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@zenicall.test', password: 'wrong password' } }),
    );
    add(ErrorCatalogue.tooManySignInAttempts, 'POST /api/v1/auth/login', async () => {
      const attempt = () =>
        h.call({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'guessed@zenicall.test', password: 'wrong password' },
          remoteAddress: '192.0.2.77',
        });
      for (let i = 0; i < h.app.config.signInThrottle.perAccount; i++) await attempt();
      return attempt();
    });
    add(ErrorCatalogue.forbidden, 'POST /api/v1/clinics', () =>
      h.call({ method: 'POST', url: '/api/v1/clinics', token: staff, payload: { name: 'Not mine to add' } }),
    );
    add(ErrorCatalogue.clinicNotFound, 'GET /api/v1/clinics/{clinic_id}', () =>
      h.call({ method: 'GET', url: `/api/v1/clinics/${missing}`, token: admin }),
    );
    add(ErrorCatalogue.callLogNotFound, 'GET /api/v1/call-logs/{call_log_id}', () =>
      h.call({ method: 'GET', url: `/api/v1/call-logs/${missing}`, token: admin }),
    );
    add(ErrorCatalogue.emailTaken, 'POST /api/v1/users', async () => {
      const payload = { email: `twice-${randomUUID()}@zenicall.test`, password: 'correct horse battery', role: 'staff' };
      assert.equal((await h.call({ method: 'POST', url: '/api/v1/users', token: admin, payload })).status, 201);
      return h.call({ method: 'POST', url: '/api/v1/users', token: admin, payload });
    });
    add(ErrorCatalogue.routeNotFound, 'DELETE /api/v1/clinics/{clinic_id}/vapi-routes/{route_id}', () =>
      h.call({ method: 'DELETE', url: `/api/v1/clinics/${clinicId}/vapi-routes/${missing}`, token: admin }),
    );
    add(ErrorCatalogue.routeTaken, 'POST /api/v1/clinics/{clinic_id}/vapi-routes', async () => {
      const call = () =>
        h.call({
          method: 'POST',
          url: `/api/v1/clinics/${clinicId}/vapi-routes`,
          token: admin,
          payload: { type: 'assistant_id', value: `assistant-${clinicId}` },
        });
      assert.equal((await call()).status, 201);
      return call();
    });
    add(ErrorCatalogue.sessionRevoked, 'GET /api/v1/clinics', async () => {
      const { token } = await h.createUser('staff', [clinicId]);
      assert.equal((await h.call({ method: 'POST', url: '/api/v1/auth/logout', token })).status, 204);
      return h.call({ method: 'GET', url: '/api/v1/clinics', token });
    });
    add(ErrorCatalogue.accountDisabled, 'POST /api/v1/auth/login', async () => {
      const { id, email } = await h.createUser('staff', [clinicId]);
      assert.equal((await h.call({ method: 'POST', url: `/api/v1/users/${id}/disable`, token: admin })).status, 200);
      return h.call({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'correct horse battery' } });
    });
    add(ErrorCatalogue.currentPasswordWrong, 'POST /api/v1/auth/password', () =>
      h.call({
        method: 'POST',
        url: '/api/v1/auth/password',
        token: staff,
        payload: { current_password: 'not my password', new_password: 'a brand new password' },
      }),
    );
    add(ErrorCatalogue.userNotFound, 'POST /api/v1/users/{user_id}/enable', () =>
      h.call({ method: 'POST', url: `/api/v1/users/${missing}/enable`, token: admin }),
    );
    add(ErrorCatalogue.membershipNotFound, 'DELETE /api/v1/users/{user_id}/clinics/{clinic_id}', async () => {
      const { id } = await h.createUser('staff', []);
      return h.call({ method: 'DELETE', url: `/api/v1/users/${id}/clinics/${clinicId}`, token: admin });
    });
    add(ErrorCatalogue.cannotDisableSelf, 'POST /api/v1/users/{user_id}/disable', async () => {
      const me = await h.call({ method: 'GET', url: '/api/v1/auth/me', token: admin });
      return h.call({ method: 'POST', url: `/api/v1/users/${me.body.id}/disable`, token: admin });
    });
    add(ErrorCatalogue.webhookEventNotFound, 'POST /api/v1/webhook-events/{event_id}/retry', () =>
      h.call({ method: 'POST', url: `/api/v1/webhook-events/${missing}/retry`, token: admin }),
    );
    add(ErrorCatalogue.webhookNotConfigured, 'POST /api/v1/webhooks/retell', () =>
      h.call({ method: 'POST', url: '/api/v1/webhooks/retell', payload: '{}', headers: { 'content-type': 'application/json' } }),
    );
    add(ErrorCatalogue.webhookUnauthorized, 'POST /api/v1/webhooks/vapi', () => vapi('{}', 'not the secret'));
    add(ErrorCatalogue.webhookPayloadInvalid, 'POST /api/v1/webhooks/vapi', () => vapi('{not json'));
    add(ErrorCatalogue.webhookCallIdMissing, 'POST /api/v1/webhooks/vapi', () => vapi(report({ call: {} })));
    add(ErrorCatalogue.webhookStartTimeMissing, 'POST /api/v1/webhooks/vapi', () => vapi(report({ call: { id: randomUUID() } })));
    add(ErrorCatalogue.bodyTooLarge, 'POST /api/v1/webhooks/vapi', () => vapi(`"${'x'.repeat(16 * 1024 * 1024)}"`));
    add(ErrorCatalogue.webhookReportUnstorable, 'POST /api/v1/webhooks/vapi', async () => {
      const callId = randomUUID();
      const route = { type: 'clinic_key', value: callId };
      assert.equal(
        (await h.call({ method: 'POST', url: `/api/v1/clinics/${clinicId}/vapi-routes`, token: admin, payload: route })).status,
        201,
      );
      const allow = await refuseDataOf(h, callId);
      try {
        return await vapi(
          report({ call: { id: callId }, startedAt: '2026-10-01T09:00:00Z', assistant: { metadata: { clinicId: callId } } }),
        );
      } finally {
        await allow();
      }
    });
    add(ErrorCatalogue.metricsUnauthorized, 'GET /metrics', () =>
      h.call({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer not-the-metrics-token' } }),
    );
    // This suite's server has a metrics token; one without it refuses to serve metrics at all.
    add(ErrorCatalogue.metricsNotConfigured, 'GET /metrics', async () => {
      const unconfigured = await buildApp(testConfig('sqlite::memory:'), { logger: false, checkErrorsDocumented: true });
      try {
        const response = await unconfigured.inject({
          method: 'GET',
          url: '/metrics',
          headers: { authorization: 'Bearer anything-at-all' },
        });
        return { status: response.statusCode, body: response.json() };
      } finally {
        await unconfigured.close();
      }
    });

    // The recording route: links the call's detail hands out, for recordings on a local stand-in for the provider's storage.
    let storage: RecordingUpstream;
    before(async () => {
      storage = await startRecordingUpstream({ '/rec.wav': tinyWav(0.1) });
    });
    after(() => storage.close());
    const RECORDING = 'GET /api/v1/call-logs/{call_log_id}/recording';
    const recordingLink = async (path: string) => {
      const id = await h.insertCallLog(clinicId, { audio_recording_url: storage.url(path) });
      return (await h.call({ method: 'GET', url: `/api/v1/call-logs/${id}`, token: staff })).body.audio_recording_url as string;
    };
    add(ErrorCatalogue.recordingLinkInvalid, RECORDING, async () =>
      // The signature's first character changed to another one (a fixed "_" left one link in 64 intact).
      h.call({
        method: 'GET',
        url: (await recordingLink('/rec.wav')).replace(/signature=(.)/, (_, first: string) => `signature=${first === '_' ? 'A' : '_'}`),
      }),
    );
    add(ErrorCatalogue.recordingLinkExpired, RECORDING, async () => {
      const pastLinks = createRecordingLinks(h.app.config.jwtSecret, 10, () => Date.now() - 60_000);
      return h.call({ method: 'GET', url: pastLinks.linkFor(callLogId, { id: 1, tokenVersion: 0 }) });
    });
    add(ErrorCatalogue.recordingNotFound, RECORDING, async () => h.call({ method: 'GET', url: await recordingLink('/deleted.wav') }));
    add(ErrorCatalogue.recordingRangeNotSatisfiable, RECORDING, async () =>
      h.call({ method: 'GET', url: await recordingLink('/rec.wav'), headers: { range: 'bytes=999999-' } }),
    );
    add(ErrorCatalogue.recordingUnavailable, RECORDING, async () =>
      h.call({ method: 'GET', url: await recordingLink('/unavailable/rec.wav') }),
    );

    add(ErrorCatalogue.tooManyStreams, 'GET /api/v1/call-logs/by-clinic/{clinic_id}/stream', async () => {
      const user = await h.createUser('staff', [clinicId]);
      const open = () => h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${clinicId}/stream`, token: user.token });
      // Held open until the app closes, which ends every stream.
      const held = Array.from({ length: h.app.config.liveStreams.perUser }, open);
      while (h.app.liveStreams.countFor(user.id) < held.length) await new Promise((resolve) => setTimeout(resolve, 10));
      return open();
    });
    test('every entry a route declares has a case here', () => {
      const provoked = new Set(cases.map((c) => c.entry.key));
      assert.deepEqual(
        routeEntries.filter((entry) => !provoked.has(entry.key)).map((entry) => entry.key),
        [],
      );
    });

    for (const { entry, operation, run } of cases) {
      test(`${operation} answers ${entry.status} ${entry.key}, which its OpenAPI responses list`, async () => {
        const response = await run();
        assert.equal(response.status, entry.status, JSON.stringify(response.body));
        assert.equal(response.body.error_key, entry.key);
        const documented = documentedKeys((await operations(h)).get(operation)!);
        assert.ok(documented.get(entry.status)?.includes(entry.key), `${operation} does not document ${entry.status} ${entry.key}`);
      });
    }
  },
  { vapi: { secret: VAPI_SECRET }, metricsToken: 'catalogue-metrics-token' },
);

/** The check the harness turns on: a route answering an error it does not list fails loudly. */
let app: FastifyInstance;
before(async () => {
  app = await buildApp(testConfig('sqlite::memory:'), { logger: false, checkErrorsDocumented: true });
  const schema = { response: errorResponses('forbidden') };
  app.get('/probe/documented', { schema }, () => Promise.reject(Errors.forbidden()));
  app.get('/probe/undocumented', { schema }, () => Promise.reject(Errors.emailTaken()));
  app.get('/probe/unknown-key', { schema }, () => Promise.reject(new Error('not an AppError')));
  await app.ready();
});
after(() => app.close());

test('the check lets a documented error through unchanged', async () => {
  const response = await app.inject({ method: 'GET', url: '/probe/documented' });
  assert.equal(response.statusCode, 403);
  assert.deepEqual(response.json(), { detail: ErrorCatalogue.forbidden.detail, error_key: 'FORBIDDEN' });
});

test('the check turns an error the route does not document into a loud 500', async () => {
  const response = await app.inject({ method: 'GET', url: '/probe/undocumented' });
  assert.equal(response.statusCode, 500);
  assert.equal(response.json().error_key, 'UNDOCUMENTED_ERROR');
  assert.match(response.json().detail, /GET \/probe\/undocumented answered 409 EMAIL_TAKEN/);
});

test('errors of the HTTP layer itself pass on any route', async () => {
  const response = await app.inject({ method: 'GET', url: '/probe/unknown-key' });
  assert.equal(response.statusCode, 500);
  assert.equal(response.json().error_key, 'INTERNAL_ERROR');
});
