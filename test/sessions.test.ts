import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ErrorCatalogue, type ErrorName } from '../src/shared/errors.js';
import { openEventStream } from './helpers/event-stream.js';
import { ADMIN, describeEachDatabase, type Harness } from './helpers/harness.js';

/**
 * Sessions that end: signing out, a password change or reset, disabling an account and removing a
 * membership each take effect on the very next request made with a token issued before, and on
 * the streams already open; a stream also ends when its token expires.
 */

const PASSWORD = 'correct horse battery';
const DATETIME_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** The whole error answer a user sees for a catalogue entry. */
function assertRefused(
  response: { status: number; body: unknown; headers: Record<string, unknown> },
  name: ErrorName,
  label: string = name,
) {
  const entry = ErrorCatalogue[name];
  assert.equal(response.status, entry.status, `${label}: ${JSON.stringify(response.body)}`);
  assert.deepEqual(response.body, { detail: entry.detail, error_key: entry.key }, label);
  if (entry.status === 401) assert.equal(response.headers['www-authenticate'], 'Bearer', label);
}

const me = (h: Harness, token: string) => h.call({ method: 'GET', url: '/api/v1/auth/me', token });
const login = (h: Harness, email: string, password: string) =>
  h.call({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
const asAdmin = async (h: Harness, method: 'POST' | 'DELETE', url: string, payload?: object) =>
  h.call({ method, url, token: await h.adminToken(), ...(payload ? { payload } : {}) });

/** Resolves with the stream's next event, or rejects after a few seconds (so a stream left open fails the test). */
async function nextWithin<T>(next: () => Promise<T>, ms = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no event within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([next(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The stream's last event says why it ended, and then the server closes it. */
async function assertStreamEnded(stream: Awaited<ReturnType<typeof openEventStream>>, name: ErrorName, detail?: string) {
  const entry = ErrorCatalogue[name];
  const { id, ...last } = await nextWithin(stream.next);
  assert.deepEqual(last, { event: 'session.ended', data: { detail: detail ?? entry.detail, error_key: entry.key } });
  assert.ok(id, 'the event carries an id, like every event of the stream');
  await assert.rejects(nextWithin(stream.next), /stream ended/);
}

describeEachDatabase('sessions and accounts', (h) => {
  let baseUrl: string;
  let clinicId: number;
  before(async () => {
    baseUrl = await h.app.listen({ port: 0, host: '127.0.0.1' });
    clinicId = (await h.createClinic()).id;
  });

  test('checking a token against its user costs no query once the user is known to the process', async () => {
    const user = await h.createUser('staff', [clinicId]);
    const readsUser = (sql: string) => /\b(users|clinic_memberships)\b/.test(sql);
    assert.ok((await h.queriesDuring(() => me(h, user.token))).some(readsUser), 'the first request reads the user');
    assert.deepEqual((await h.queriesDuring(() => me(h, user.token))).filter(readsUser), [], 'the next ones do not');
  });

  test('signing out refuses the token at once, and the user’s tokens on other devices; signing in again works', async () => {
    const user = await h.createUser('staff', [clinicId]);
    const otherDevice = await h.login(user.email, PASSWORD);
    assert.equal((await me(h, user.token)).status, 200);
    assert.equal((await me(h, otherDevice)).status, 200);

    const out = await h.call({ method: 'POST', url: '/api/v1/auth/logout', token: user.token });
    assert.equal(out.status, 204);
    assert.equal(out.body, '');
    assertRefused(await me(h, user.token), 'sessionRevoked', 'the signed-out token');
    assertRefused(await h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${clinicId}`, token: otherDevice }), 'sessionRevoked');
    assertRefused(await h.call({ method: 'POST', url: '/api/v1/auth/logout', token: user.token }), 'sessionRevoked', 'signing out twice');

    const again = await h.login(user.email, PASSWORD);
    assert.equal((await me(h, again)).body.id, user.id);
  });

  test('a disabled account’s token is refused at once and it cannot sign in; enabling lets it sign in again', async () => {
    const user = await h.createUser('staff', [clinicId]);
    assert.equal((await me(h, user.token)).status, 200);

    const disabled = await asAdmin(h, 'POST', `/api/v1/users/${user.id}/disable`);
    assert.equal(disabled.status, 200);
    assert.match(disabled.body.disabled_at, DATETIME_Z);
    assert.deepEqual(disabled.body, {
      id: user.id,
      email: user.email,
      full_name: null,
      role: 'staff',
      clinic_ids: [clinicId],
      disabled_at: disabled.body.disabled_at,
    });
    assertRefused(await me(h, user.token), 'accountDisabled', 'the disabled user’s token');
    assertRefused(await login(h, user.email, PASSWORD), 'accountDisabled', 'signing in while disabled');
    // Only someone who knows the password learns that the account exists and is disabled.
    assertRefused(await login(h, user.email, 'not the password'), 'invalidCredentials', 'a wrong password while disabled');

    const enabled = await asAdmin(h, 'POST', `/api/v1/users/${user.id}/enable`);
    assert.equal(enabled.status, 200);
    assert.deepEqual(enabled.body, { ...disabled.body, disabled_at: null });
    const token = await h.login(user.email, PASSWORD);
    assert.equal((await me(h, token)).body.id, user.id);
    assertRefused(await me(h, user.token), 'sessionRevoked', 'a token from before the account was disabled');
  });

  test('an administrator’s password reset refuses the user’s tokens at once; only the new password signs in', async () => {
    const user = await h.createUser('staff', [clinicId]);
    const reset = await asAdmin(h, 'POST', `/api/v1/users/${user.id}/password`, { password: 'set by the administrator' });
    assert.equal(reset.status, 200);
    assert.deepEqual(reset.body, {
      id: user.id,
      email: user.email,
      full_name: null,
      role: 'staff',
      clinic_ids: [clinicId],
      disabled_at: null,
    });
    assertRefused(await me(h, user.token), 'sessionRevoked');
    assertRefused(await login(h, user.email, PASSWORD), 'invalidCredentials', 'the old password');
    assert.equal((await login(h, user.email, 'set by the administrator')).status, 200);
  });

  test('changing one’s password needs the current one; then only the answered token and the new password work', async () => {
    const user = await h.createUser('staff', [clinicId]);
    const otherDevice = await h.login(user.email, PASSWORD);
    const change = (token: string, current_password: string, new_password = 'a brand new password') =>
      h.call({ method: 'POST', url: '/api/v1/auth/password', token, payload: { current_password, new_password } });

    assertRefused(await change(user.token, 'not my password'), 'currentPasswordWrong');
    assert.equal((await me(h, user.token)).status, 200, 'a wrong current password changes nothing');
    assert.equal((await login(h, user.email, PASSWORD)).status, 200);
    const tooShort = await change(user.token, PASSWORD, 'short');
    assert.equal(tooShort.status, 422);
    assert.deepEqual(
      tooShort.body.errors.map((e: { loc: unknown }) => e.loc),
      [['body', 'new_password']],
    );

    const changed = await change(user.token, PASSWORD);
    assert.equal(changed.status, 200);
    assert.deepEqual(Object.keys(changed.body).sort(), ['access_token', 'expires_in', 'token_type']);
    assertRefused(await me(h, user.token), 'sessionRevoked', 'the token used to change it');
    assertRefused(await me(h, otherDevice), 'sessionRevoked', 'another device');
    assert.equal((await me(h, changed.body.access_token)).body.id, user.id);
    assertRefused(await login(h, user.email, PASSWORD), 'invalidCredentials', 'the old password');
    assert.equal((await login(h, user.email, 'a brand new password')).status, 200);
  });

  test('removing a membership refuses that clinic’s calls at once; the user’s other clinics still work', async () => {
    const other = await h.createClinic();
    const user = await h.createUser('staff', [clinicId, other.id]);
    const callId = await h.insertCallLog(clinicId);
    const list = (id: number) => h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${id}`, token: user.token });
    assert.equal((await list(clinicId)).status, 200);
    assert.equal((await h.call({ method: 'GET', url: `/api/v1/call-logs/${callId}`, token: user.token })).status, 200);

    const removed = await asAdmin(h, 'DELETE', `/api/v1/users/${user.id}/clinics/${clinicId}`);
    assert.equal(removed.status, 204);
    assertRefused(await list(clinicId), 'clinicNotFound');
    assertRefused(await h.call({ method: 'GET', url: `/api/v1/call-logs/${callId}`, token: user.token }), 'callLogNotFound');
    assert.equal((await list(other.id)).status, 200);
    assert.deepEqual(
      (await me(h, user.token)).body.clinics.map((c: { id: number }) => c.id),
      [other.id],
    );
    assertRefused(await asAdmin(h, 'DELETE', `/api/v1/users/${user.id}/clinics/${clinicId}`), 'membershipNotFound', 'removed twice');
  });

  test('only administrators change other people’s access; none can disable themselves; an unknown user is a 404', async () => {
    const staff = await h.createUser('staff', [clinicId]);
    const target = await h.createUser('staff', [clinicId]);
    for (const [method, url, payload] of [
      ['POST', `/api/v1/users/${target.id}/disable`],
      ['POST', `/api/v1/users/${target.id}/enable`],
      ['POST', `/api/v1/users/${target.id}/password`, { password: 'not yours to set' }],
      ['DELETE', `/api/v1/users/${target.id}/clinics/${clinicId}`],
    ] as const) {
      assertRefused(await h.call({ method, url, token: staff.token, ...(payload ? { payload } : {}) }), 'forbidden', `${method} ${url}`);
    }
    assert.equal((await me(h, target.token)).status, 200, 'the refused requests changed nothing');
    assert.equal((await login(h, target.email, PASSWORD)).status, 200);

    const admin = (await me(h, await h.adminToken())).body.id as number;
    assertRefused(await asAdmin(h, 'POST', `/api/v1/users/${admin}/disable`), 'cannotDisableSelf');
    assert.equal((await login(h, ADMIN.email, ADMIN.password)).status, 200);
    for (const [method, url, payload] of [
      ['POST', '/api/v1/users/2147483000/disable'],
      ['POST', '/api/v1/users/2147483000/enable'],
      ['POST', '/api/v1/users/2147483000/password', { password: 'nobody’s password' }],
      ['DELETE', `/api/v1/users/2147483000/clinics/${clinicId}`],
    ] as const) {
      assertRefused(await asAdmin(h, method, url, payload), 'userNotFound', `${method} ${url}`);
    }
  });

  for (const [name, revoke, reason] of [
    ['its user is disabled', (user) => asAdmin(h, 'POST', `/api/v1/users/${user.id}/disable`), 'accountDisabled'],
    ['its user signs out', (user) => h.call({ method: 'POST', url: '/api/v1/auth/logout', token: user.token }), 'sessionRevoked'],
    [
      'its user’s password is reset',
      (user) => asAdmin(h, 'POST', `/api/v1/users/${user.id}/password`, { password: 'set by the administrator' }),
      'sessionRevoked',
    ],
    [
      'its user is removed from the clinic',
      (user) => asAdmin(h, 'DELETE', `/api/v1/users/${user.id}/clinics/${clinicId}`),
      'clinicNotFound',
    ],
  ] as const satisfies readonly [string, (user: { id: number; token: string }) => Promise<{ status: number }>, ErrorName][]) {
    test(`an open stream ends with a session.ended event when ${name}`, async () => {
      const user = await h.createUser('staff', [clinicId]);
      const stream = await openEventStream(baseUrl, clinicId, user.token);
      assert.equal(stream.response.status, 200);
      assert.ok((await revoke(user)).status < 300);
      await assertStreamEnded(stream, reason);
    });
  }

  test('another user’s stream on the same clinic stays open when one user is disabled', async () => {
    const user = await h.createUser('staff', [clinicId]);
    const colleague = await h.createUser('staff', [clinicId]);
    const kept = await openEventStream(baseUrl, clinicId, colleague.token);
    const ended = await openEventStream(baseUrl, clinicId, user.token);
    assert.equal((await asAdmin(h, 'POST', `/api/v1/users/${user.id}/disable`)).status, 200);
    await assertStreamEnded(ended, 'accountDisabled');

    const callId = await h.insertCallLog(clinicId);
    await h.call({ method: 'PATCH', url: `/api/v1/call-logs/${callId}`, token: colleague.token, payload: { status: 'Done' } });
    const event = await nextWithin(kept.next);
    assert.equal(event.event, 'call-log.updated');
    assert.equal(event.data.id, callId);
    kept.close();
  });
});

describeEachDatabase(
  'a stream whose token expires',
  (h) => {
    test('ends with a session.ended event at the token’s expiry; the expired token is then refused', async () => {
      const baseUrl = await h.app.listen({ port: 0, host: '127.0.0.1' });
      const clinic = await h.createClinic();
      const user = await h.createUser('staff', [clinic.id]);
      const stream = await openEventStream(baseUrl, clinic.id, user.token);
      assert.equal(stream.response.status, 200);
      await assertStreamEnded(stream, 'notAuthenticated', 'The session has expired: sign in again.');
      assertRefused(await me(h, user.token), 'notAuthenticated');
    });
  },
  // Tokens that live two seconds: the stream opened with one must not outlive it.
  { tokenTtlSeconds: 2 },
);
