import { randomBytes, randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { sharedFixture } from './helpers/fixture.js';
import { ADMIN, describeEachDatabase, describeOnce, runsNoSql, type Harness } from './helpers/harness.js';

/** Login, /auth/me, bearer tokens, admin-only routes, users and clinics. */

const NOT_AUTHENTICATED = { detail: 'Sign in first: a valid bearer token is required.', error_key: 'NOT_AUTHENTICATED' };
const INVALID_CREDENTIALS = { detail: 'The e-mail or password is wrong.', error_key: 'INVALID_CREDENTIALS' };
const FORBIDDEN = { detail: 'Only an administrator may do this.', error_key: 'FORBIDDEN' };
const CLINIC_NOT_FOUND = { detail: 'No such clinic.', error_key: 'CLINIC_NOT_FOUND' };
const DATETIME_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const login = (h: Harness, email: string, password: string) =>
  h.call({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

async function newUser(h: Harness, body: Record<string, unknown>) {
  return h.call({ method: 'POST', url: '/api/v1/users', token: await h.adminToken(), payload: body });
}

/** A token signed with the app's own secret, with whatever claims the test needs. */
async function signToken(
  h: Harness,
  claims: { sub: string; exp: number; iat?: number; iss?: string },
  secret: string = h.app.config.jwtSecret,
) {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(claims.iss ?? 'zenicall')
    .setIssuedAt(claims.iat ?? claims.exp - 3600)
    .setExpirationTime(claims.exp)
    .sign(new TextEncoder().encode(secret));
}

const now = () => Math.floor(Date.now() / 1000);

function assertNotAuthenticated(response: { status: number; body: unknown; headers: Record<string, unknown> }, label: string) {
  assert.equal(response.status, 401, label);
  assert.deepEqual(response.body, NOT_AUTHENTICATED, label);
  assert.equal(response.headers['www-authenticate'], 'Bearer', label);
}

/** Each bad Authorization header, on each protected route: its own test, so one failure hides no other. */
function refusedTokens(
  h: Harness,
  title: string,
  cases: [label: string, headersOf: () => Promise<Record<string, string>>][],
  { once = false } = {},
) {
  const requests = [
    ...['/api/v1/auth/me', '/api/v1/clinics', '/api/v1/call-logs/1', '/api/v1/call-logs/by-clinic/1'].map(
      (url) => [`GET ${url}`, { method: 'GET', url }] as const,
    ),
    ['PATCH', { method: 'PATCH', url: '/api/v1/call-logs/1', payload: { status: 'Done' } }] as const,
  ];
  describe(title, () => {
    for (const [label, headersOf] of cases) {
      for (const [where, request] of requests) {
        test(`${label} on ${where}`, async () => {
          const headers = await headersOf();
          const send = () => h.call({ ...request, headers });
          assertNotAuthenticated(await (once ? runsNoSql(h, send) : send()), `${label} on ${where}`);
        });
      }
    }
  });
}

describeEachDatabase('auth', (h) => {
  // ---------------------------------------------------------------- login

  test('login answers a bearer token that opens the API', async () => {
    const clinic = await h.createClinic();
    const email = `login-${randomUUID()}@zenicall.test`;
    const created = await newUser(h, { email, password: 'a good password', role: 'staff', clinic_ids: [clinic.id] });
    assert.equal(created.status, 201);

    const response = await login(h, email, 'a good password');
    assert.equal(response.status, 200);
    assert.deepEqual(Object.keys(response.body).sort(), ['access_token', 'expires_in', 'token_type']);
    assert.equal(response.body.token_type, 'bearer');
    assert.equal(response.body.expires_in, 3600);
    assert.match(response.body.access_token, /^[\w-]+\.[\w-]+\.[\w-]+$/);

    const me = await h.call({ method: 'GET', url: '/api/v1/auth/me', token: response.body.access_token });
    assert.equal(me.status, 200);
    assert.equal(me.body.email, email);
  });

  describe('a wrong password or an unknown e-mail is 401 INVALID_CREDENTIALS', () => {
    const user = sharedFixture(() => h.createUser('staff', []));
    for (const [name, address, password] of [
      ['a wrong password', () => user().email, 'wrong password'],
      ['the password with a trailing space', () => user().email, 'correct horse battery '],
      ['the password in upper case', () => user().email, 'CORRECT HORSE BATTERY'],
      ['an unknown e-mail', () => `nobody-${randomUUID()}@zenicall.test`, 'correct horse battery'],
      ['a wrong admin password', () => ADMIN.email, 'not-the-admin-password'],
    ] as const) {
      test(name, async () => {
        const response = await login(h, address(), password);
        assert.equal(response.status, 401, `${address()} / ${password}`);
        assert.deepEqual(response.body, INVALID_CREDENTIALS);
      });
    }
  });

  describe('the e-mail is case-insensitive at login, both ways', () => {
    const fixture = sharedFixture(async () => {
      const { email } = await h.createUser('staff', []);
      const mixed = `Mixed.Case-${randomUUID()}@Zenicall.Test`;
      const created = await newUser(h, { email: mixed, password: 'another password', role: 'staff', clinic_ids: [] });
      assert.equal(created.status, 201);
      return { email, mixed };
    });
    const cases: [string, (f: ReturnType<typeof fixture>) => [email: string, password: string]][] = [
      ['a lower-case e-mail typed in upper case', ({ email }) => [email.toUpperCase(), 'correct horse battery']],
      ['an e-mail with spaces around it', ({ email }) => [`  ${email}  `, 'correct horse battery']],
      ['a mixed-case e-mail typed in lower case', ({ mixed }) => [mixed.toLowerCase(), 'another password']],
      ['a mixed-case e-mail typed as created', ({ mixed }) => [mixed, 'another password']],
      ['the admin e-mail in upper case', () => [ADMIN.email.toUpperCase(), ADMIN.password]],
    ];
    for (const [name, credentialsOf] of cases) {
      test(name, async () => {
        const [email, password] = credentialsOf(fixture());
        assert.equal((await login(h, email, password)).status, 200);
      });
    }
  });

  // ---------------------------------------------------------------- /auth/me

  test('/auth/me for staff: the user, role staff, and only their clinics', async () => {
    const a = await h.createClinic();
    const b = await h.createClinic();
    await h.createClinic();
    const email = `me-${randomUUID()}@zenicall.test`;
    const created = await newUser(h, {
      email,
      password: 'correct horse battery',
      full_name: 'Émilie Front-Desk',
      role: 'staff',
      clinic_ids: [b.id, a.id],
    });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, {
      id: created.body.id,
      email,
      full_name: 'Émilie Front-Desk',
      role: 'staff',
      clinic_ids: [b.id, a.id],
      disabled_at: null,
    });
    const token = (await login(h, email, 'correct horse battery')).body.access_token;

    const me = await h.call({ method: 'GET', url: '/api/v1/auth/me', token });
    assert.equal(me.status, 200);
    const byId = (x: { id: number }, y: { id: number }) => x.id - y.id;
    assert.deepEqual(
      { ...me.body, clinics: [...me.body.clinics].sort(byId) },
      { id: created.body.id, email, full_name: 'Émilie Front-Desk', role: 'staff', clinics: [a, b].sort(byId) },
    );
  });

  test('/auth/me for a staff member without clinics lists none', async () => {
    const { token, id, email } = await h.createUser('staff', []);
    const me = await h.call({ method: 'GET', url: '/api/v1/auth/me', token });
    assert.deepEqual(me.body, { id, email, full_name: null, role: 'staff', clinics: [] });
  });

  test('/auth/me for an admin: role admin and every clinic', async () => {
    await h.createClinic();
    await h.createClinic();
    const { token, id, email } = await h.createUser('admin', []);
    const me = await h.call({ method: 'GET', url: '/api/v1/auth/me', token });
    assert.equal(me.status, 200);
    const allIds = (await h.database.db.selectFrom('clinics').select('id').execute()).map((row) => row.id).sort((x, y) => x - y);
    const all = [];
    for (const clinicId of allIds) all.push((await h.call({ method: 'GET', url: `/api/v1/clinics/${clinicId}`, token })).body);
    assert.deepEqual(
      { ...me.body, clinics: [...me.body.clinics].sort((x: { id: number }, y: { id: number }) => x.id - y.id) },
      { id, email, full_name: null, role: 'admin', clinics: all },
    );
  });

  // ---------------------------------------------------------------- tokens

  // A token that names no user is refused after the user lookup, so it runs on both databases; the tokens refused
  // before any lookup are in the `describeOnce` suite below.
  refusedTokens(h, 'a well-signed token of an unknown user is 401 NOT_AUTHENTICATED with WWW-Authenticate: Bearer', [
    ['unknown user', async () => ({ authorization: `Bearer ${await signToken(h, { sub: '2147483000', exp: now() + 3600 })}` })],
  ]);

  test('an expired token is 401 NOT_AUTHENTICATED; the same token unexpired works', async () => {
    const { id } = await h.createUser('staff', []);
    const valid = await signToken(h, { sub: String(id), exp: now() + 600 });
    assert.equal((await h.call({ method: 'GET', url: '/api/v1/auth/me', token: valid })).status, 200);

    const expired = await signToken(h, { sub: String(id), exp: now() - 600, iat: now() - 4200 });
    assertNotAuthenticated(await h.call({ method: 'GET', url: '/api/v1/auth/me', token: expired }), 'expired');
    assertNotAuthenticated(await h.call({ method: 'GET', url: '/api/v1/clinics', token: expired }), 'expired clinics');
  });

  describe('the scheme name is case-insensitive', () => {
    const user = sharedFixture(() => h.createUser('staff', []));
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      test(`${scheme} <token>`, async () => {
        const { token, id } = user();
        const response = await h.call({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `${scheme} ${token}` } });
        assert.equal(response.status, 200, scheme);
        assert.equal(response.body.id, id);
      });
    }
  });

  test('login needs no token', async () => {
    assert.equal((await login(h, ADMIN.email, ADMIN.password)).status, 200);
  });

  // ---------------------------------------------------------------- admin-only routes

  test('POST /clinics by staff is 403 FORBIDDEN and creates nothing', async () => {
    const clinic = await h.createClinic();
    const { token } = await h.createUser('staff', [clinic.id]);
    const name = `Forbidden ${randomUUID()}`;
    const response = await h.call({ method: 'POST', url: '/api/v1/clinics', token, payload: { name } });
    assert.equal(response.status, 403);
    assert.deepEqual(response.body, FORBIDDEN);
    const rows = await h.database.db.selectFrom('clinics').select('id').where('name', '=', name).execute();
    assert.deepEqual(rows, []);
  });

  test('POST /users by staff is 403 FORBIDDEN and creates nothing', async () => {
    const clinic = await h.createClinic();
    const { token } = await h.createUser('staff', [clinic.id]);
    const email = `sneaky-${randomUUID()}@zenicall.test`;
    const response = await h.call({
      method: 'POST',
      url: '/api/v1/users',
      token,
      payload: { email, password: 'correct horse battery', role: 'admin', clinic_ids: [clinic.id] },
    });
    assert.equal(response.status, 403);
    assert.deepEqual(response.body, FORBIDDEN);
    assert.equal((await login(h, email, 'correct horse battery')).status, 401);
  });

  test('POST /clinics by an admin answers 201 with the clinic, as GET shows it', async () => {
    const token = await h.adminToken();
    const name = `Cabinet Dentaire ${randomUUID().slice(0, 8)} – Saint-Étienne`;
    const response = await h.call({ method: 'POST', url: '/api/v1/clinics', token, payload: { name } });
    assert.equal(response.status, 201);
    assert.deepEqual(Object.keys(response.body).sort(), ['created_at', 'id', 'name', 'updated_at']);
    assert.equal(response.body.name, name);
    assert.match(response.body.created_at, DATETIME_Z);
    assert.match(response.body.updated_at, DATETIME_Z);
    const age = Date.now() - Date.parse(response.body.created_at);
    assert.ok(age > -5000 && age < 60_000, `created_at ${response.body.created_at} is now, in UTC`);
    const shown = await h.call({ method: 'GET', url: `/api/v1/clinics/${response.body.id}`, token });
    assert.deepEqual(shown.body, response.body);
  });

  describe('POST /clinics with a bad body is a 422 naming the field', () => {
    for (const [name, payload, loc] of [
      ['no name', {}, ['body', 'name']],
      ['an empty name', { name: '' }, ['body', 'name']],
      ['a blank name', { name: '   ' }, ['body', 'name']],
      ['a number as name', { name: 5 }, ['body', 'name']],
      ['a name of 256 characters', { name: 'x'.repeat(256) }, ['body', 'name']],
      ['an unknown field', { name: 'ok', city: 'Lyon' }, ['body', 'city']],
    ] as const) {
      test(name, async () => {
        const response = await h.call({ method: 'POST', url: '/api/v1/clinics', token: await h.adminToken(), payload });
        assert.equal(response.status, 422, JSON.stringify(payload));
        assert.equal(response.body.error_key, 'VALIDATION_ERROR');
        assert.deepEqual(
          response.body.errors.map((e: { loc: unknown }) => e.loc),
          [loc],
        );
      });
    }
  });

  // ---------------------------------------------------------------- users

  describe('POST /users with an e-mail taken in another case is 409 EMAIL_TAKEN', () => {
    for (const [name, variant] of [
      ['the same e-mail', (email: string) => email],
      ['the e-mail in upper case', (email: string) => email.toUpperCase()],
      ['the e-mail with a capital first letter', (email: string) => `Dup-${email.slice(4)}`],
    ] as const) {
      test(name, async () => {
        const email = `dup-${randomUUID()}@zenicall.test`;
        const first = await newUser(h, { email, password: 'correct horse battery', role: 'staff', clinic_ids: [] });
        assert.equal(first.status, 201);
        const other = variant(email);
        const response = await newUser(h, { email: other, password: 'another password', role: 'admin', clinic_ids: [] });
        assert.equal(response.status, 409, other);
        assert.deepEqual(response.body, { detail: 'A user with this e-mail already exists.', error_key: 'EMAIL_TAKEN' });
        // The first account is untouched.
        assert.equal((await login(h, email, 'correct horse battery')).status, 200);
        assert.equal((await login(h, email, 'another password')).status, 401);
      });
    }
  });

  test('POST /users with an unknown clinic id is a 422 naming it, and creates nobody', async () => {
    const clinic = await h.createClinic();
    const email = `ghost-${randomUUID()}@zenicall.test`;
    const response = await newUser(h, { email, password: 'correct horse battery', role: 'staff', clinic_ids: [clinic.id, 2147483000] });
    assert.equal(response.status, 422);
    assert.deepEqual(Object.keys(response.body).sort(), ['detail', 'error_key', 'errors']);
    assert.equal(response.body.error_key, 'VALIDATION_ERROR');
    assert.deepEqual(
      response.body.errors.map((e: { loc: unknown }) => e.loc),
      [['body', 'clinic_ids', 1]],
    );
    assert.equal((await login(h, email, 'correct horse battery')).status, 401);
    // The e-mail is still free.
    const retry = await newUser(h, { email, password: 'correct horse battery', role: 'staff', clinic_ids: [clinic.id] });
    assert.equal(retry.status, 201);
  });

  describe('POST /users validates its body', () => {
    const fixture = sharedFixture(async () => {
      const clinic = await h.createClinic();
      const good = { email: `v-${randomUUID()}@zenicall.test`, password: 'correct horse battery', role: 'staff', clinic_ids: [clinic.id] };
      return { clinic, good };
    });
    type Good = ReturnType<typeof fixture>['good'];
    const cases: [string, (good: Good, clinicId: number) => Record<string, unknown>, (string | number)[]][] = [
      ['an e-mail that is not one', (good) => ({ ...good, email: 'not-an-email' }), ['body', 'email']],
      ['a short password', (good) => ({ ...good, password: 'short' }), ['body', 'password']],
      ['an unknown role', (good) => ({ ...good, role: 'owner' }), ['body', 'role']],
      ['a clinic id of 0', (good) => ({ ...good, clinic_ids: [0] }), ['body', 'clinic_ids', 0]],
      ['a clinic id as a string', (good) => ({ ...good, clinic_ids: ['1'] }), ['body', 'clinic_ids', 0]],
      ['a clinic id twice', (good, clinicId) => ({ ...good, clinic_ids: [clinicId, clinicId] }), ['body', 'clinic_ids']],
      ['an unknown field', (good) => ({ ...good, is_admin: true }), ['body', 'is_admin']],
    ];
    for (const [name, payloadOf, loc] of cases) {
      test(name, async () => {
        const { clinic, good } = fixture();
        const payload = payloadOf(good, clinic.id);
        const response = await newUser(h, payload);
        assert.equal(response.status, 422, JSON.stringify(payload));
        assert.equal(response.body.error_key, 'VALIDATION_ERROR');
        assert.deepEqual(
          response.body.errors.map((e: { loc: unknown }) => e.loc),
          [loc],
          JSON.stringify(payload),
        );
      });
    }
    test('no role', async () => {
      const { role: _role, ...withoutRole } = fixture().good;
      const missing = await newUser(h, withoutRole);
      assert.equal(missing.status, 422);
      assert.deepEqual(
        missing.body.errors.map((e: { loc: unknown }) => e.loc),
        [['body', 'role']],
      );
    });
  });

  // ---------------------------------------------------------------- clinics

  test('GET /clinics for staff lists only their clinics', async () => {
    const a = await h.createClinic();
    const b = await h.createClinic();
    const c = await h.createClinic();
    const one = await h.createUser('staff', [b.id]);
    const two = await h.createUser('staff', [a.id, c.id]);
    const none = await h.createUser('staff', []);
    const byId = (x: { id: number }, y: { id: number }) => x.id - y.id;

    const first = await h.call({ method: 'GET', url: '/api/v1/clinics', token: one.token });
    assert.equal(first.status, 200);
    assert.deepEqual(first.body, [b]);
    const second = await h.call({ method: 'GET', url: '/api/v1/clinics', token: two.token });
    assert.deepEqual([...second.body].sort(byId), [a, c].sort(byId));
    const third = await h.call({ method: 'GET', url: '/api/v1/clinics', token: none.token });
    assert.deepEqual(third.body, []);

    const admin = await h.call({ method: 'GET', url: '/api/v1/clinics', token: await h.adminToken() });
    const ids = admin.body.map((clinic: { id: number }) => clinic.id);
    for (const clinic of [a, b, c]) assert.ok(ids.includes(clinic.id));
    assert.equal(
      ids.length,
      Number(
        (
          await h.database.db
            .selectFrom('clinics')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );
  });

  test('GET /clinics/{id} of another clinic is the same 404 as a missing one', async () => {
    const mine = await h.createClinic();
    const theirs = await h.createClinic();
    const { token } = await h.createUser('staff', [mine.id]);

    const own = await h.call({ method: 'GET', url: `/api/v1/clinics/${mine.id}`, token });
    assert.equal(own.status, 200);
    assert.deepEqual(own.body, mine);

    const other = await h.call({ method: 'GET', url: `/api/v1/clinics/${theirs.id}`, token });
    const missing = await h.call({ method: 'GET', url: '/api/v1/clinics/2147483000', token });
    assert.equal(other.status, 404);
    assert.deepEqual(other.body, CLINIC_NOT_FOUND);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, CLINIC_NOT_FOUND);

    const admin = await h.call({ method: 'GET', url: `/api/v1/clinics/${theirs.id}`, token: await h.adminToken() });
    assert.deepEqual(admin.body, theirs);
  });
});

/** What is refused before the database is asked: a body that fails validation, a token that fails verification. */
describeOnce('auth, before any database lookup', (h) => {
  test('/openapi.json and /docs need no token', async () => {
    assert.equal((await runsNoSql(h, () => h.call({ method: 'GET', url: '/openapi.json' }))).status, 200);
    const docs = await runsNoSql(h, () => h.call({ method: 'GET', url: '/docs' }));
    assert.ok(docs.status === 200 || (docs.status >= 300 && docs.status < 400), String(docs.status));
  });

  describe('login with a missing or malformed body is a 422, not a 401 or a 500', () => {
    for (const payload of [{}, { email: 'a@b.c' }, { password: 'x' }, { email: 5, password: 'x' }, { email: '', password: '' }]) {
      test(JSON.stringify(payload), async () => {
        const response = await runsNoSql(h, () => h.call({ method: 'POST', url: '/api/v1/auth/login', payload }));
        assert.equal(response.status, 422, JSON.stringify(payload));
        assert.equal(response.body.error_key, 'VALIDATION_ERROR');
        assert.ok(response.body.errors.length > 0);
        for (const error of response.body.errors) assert.equal(error.loc[0], 'body');
      });
    }
  });

  // A real user's token, altered: each case is refused by its flaw alone.
  const user = sharedFixture(async () => {
    const { id, token } = await h.createUser('staff', []);
    const [header, payload] = token.split('.');
    return { id, token, header, payload };
  });
  const bearer = (headersOf: () => string | Promise<string>) => async () => ({ authorization: await headersOf() });
  refusedTokens(
    h,
    'a missing, malformed or wrongly signed token is 401 NOT_AUTHENTICATED with WWW-Authenticate: Bearer',
    [
      ['no header', async () => ({})],
      ['empty header', bearer(() => '')],
      ['scheme only', bearer(() => 'Bearer')],
      ['scheme and space', bearer(() => 'Bearer ')],
      ['not a JWT', bearer(() => 'Bearer not-a-token')],
      ['two words', bearer(() => `Bearer ${user().token} extra`)],
      ['basic scheme', bearer(() => `Basic ${Buffer.from('a:b').toString('base64')}`)],
      ['token without a scheme', bearer(() => user().token)],
      ['other scheme with the token', bearer(() => `Token ${user().token}`)],
      ['truncated signature', bearer(() => `Bearer ${user().token.slice(0, -4)}`)],
      ['no signature', bearer(() => `Bearer ${user().header}.${user().payload}.`)],
      ['alg none', bearer(() => `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${user().payload}.`)],
      [
        'wrong secret',
        bearer(async () => `Bearer ${await signToken(h, { sub: String(user().id), exp: now() + 3600 }, randomBytes(32).toString('hex'))}`),
      ],
      [
        'wrong issuer',
        bearer(async () => `Bearer ${await signToken(h, { sub: String(user().id), exp: now() + 3600, iss: 'someone-else' })}`),
      ],
      ['non-numeric subject', bearer(async () => `Bearer ${await signToken(h, { sub: 'admin', exp: now() + 3600 })}`)],
      ['very long header', bearer(() => `Bearer ${'a'.repeat(8000)}`)],
    ],
    { once: true },
  );
});
