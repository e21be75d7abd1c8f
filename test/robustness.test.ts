import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { sharedFixture } from './helpers/fixture.js';
import { describeEachDatabase, describeOnce, runsNoSql, type Harness } from './helpers/harness.js';

/**
 * No request, however malformed, gets a 5xx or a stack trace: every error body is exactly
 * `{detail, error_key}`, plus `errors` on a 422.
 */

type Response = { status: number; body: any; headers: Record<string, unknown> };

function assertErrorBody(response: Response, status: number, errorKey: string, label = '') {
  const where = `${label} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
  assert.equal(response.status, status, where);
  assert.match(String(response.headers['content-type']), /^application\/json/, where);
  const keys = Object.keys(response.body).sort();
  assert.deepEqual(keys, status === 422 ? ['detail', 'error_key', 'errors'] : ['detail', 'error_key'], where);
  assert.equal(response.body.error_key, errorKey, where);
  assert.equal(typeof response.body.detail, 'string', where);
  assert.ok(response.body.detail.length > 0, where);
  assert.doesNotMatch(response.body.detail, /\n\s+at |node_modules|\.ts:\d+|\.js:\d+|SQL|sqlite|mysql/i, where);
  if (status === 422) {
    assert.ok(Array.isArray(response.body.errors) && response.body.errors.length > 0, where);
    for (const error of response.body.errors) {
      assert.deepEqual(Object.keys(error).sort(), ['loc', 'msg'], where);
      assert.ok(Array.isArray(error.loc) && error.loc.length > 0, where);
      assert.equal(typeof error.msg, 'string', where);
    }
  }
}

function assertNoServerError(response: Response, label: string) {
  assert.ok(response.status < 500, `${label} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  if (response.status >= 400) {
    const keys = Object.keys(response.body).sort();
    assert.deepEqual(keys, response.status === 422 ? ['detail', 'error_key', 'errors'] : ['detail', 'error_key'], label);
    assert.doesNotMatch(JSON.stringify(response.body), /\\n\s+at |node_modules|stack/i, label);
  }
}

async function setUp(h: Harness) {
  const clinic = await h.createClinic();
  const staff = await h.createUser('staff', [clinic.id]);
  const id = await h.insertCallLog(clinic.id, { caller_first_name: 'Jane', summary: 'Original summary' });
  const before = (await h.call({ method: 'GET', url: `/api/v1/call-logs/${id}`, token: staff.token })).body;
  return { clinic, token: staff.token, id, url: `/api/v1/call-logs/${id}`, before };
}

const raw = (h: Harness, token: string, options: InjectOptions) => h.call({ ...options, token });

describeEachDatabase('robustness', (h) => {
  const json = { 'content-type': 'application/json' };
  /** PATCH `payload` as raw JSON text on the fixture's call, then check the call is unchanged. */
  async function patchWritesNothing(
    fixture: () => Awaited<ReturnType<typeof setUp>>,
    payload: string,
    check: (response: Response) => void,
  ) {
    const { token, url, before } = fixture();
    check(await raw(h, token, { method: 'PATCH', url, payload, headers: json }));
    assert.deepEqual((await h.call({ method: 'GET', url, token })).body, before);
  }

  describe('invalid JSON bodies are 400 INVALID_JSON and write nothing', () => {
    const fixture = sharedFixture(() => setUp(h));
    for (const payload of [
      '{"status":',
      '{status: "Done"}',
      "{'status':'Done'}",
      '{"status":"Done",}',
      'nul',
      '\u0000',
      '{"a":1}{"b":2}',
      '',
    ]) {
      test(JSON.stringify(payload), () =>
        patchWritesNothing(fixture, payload, (response) => assertErrorBody(response, 400, 'INVALID_JSON', JSON.stringify(payload))),
      );
    }
  });

  describe('prototype pollution attempts are refused', () => {
    const fixture = sharedFixture(() => setUp(h));
    for (const payload of ['{"__proto__":{"status":"Done"}}', '{"constructor":{"prototype":{"status":"Done"}}}']) {
      test(payload, async () => {
        await patchWritesNothing(fixture, payload, (response) => {
          assertNoServerError(response, payload);
          assert.ok(response.status === 400 || response.status === 422, payload);
        });
        assert.equal(({} as Record<string, unknown>).status, undefined);
      });
    }
  });

  describe('a JSON array, string, number, boolean or null as PATCH body is a 422 on the body', () => {
    const fixture = sharedFixture(() => setUp(h));
    for (const payload of ['[]', '[{"status":"Done"}]', '"Done"', '42', 'true', 'null']) {
      test(payload, () =>
        patchWritesNothing(fixture, payload, (response) => {
          assertErrorBody(response, 422, 'VALIDATION_ERROR', payload);
          assert.deepEqual(response.body.errors[0].loc, ['body'], payload);
        }),
      );
    }
    test('no body', async () => {
      const { token, url, before } = fixture();
      const missing = await raw(h, token, { method: 'PATCH', url });
      assertErrorBody(missing, 422, 'VALIDATION_ERROR', 'no body');
      assert.deepEqual((await h.call({ method: 'GET', url, token })).body, before);
    });
  });

  describe('a wrong content type is refused and writes nothing', () => {
    const fixture = sharedFixture(() => setUp(h));
    const unsupported = [
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'image/png',
      'application/jsonx',
    ];
    for (const type of unsupported) {
      test(`${type} is a 415`, async () => {
        const { token, url, before } = fixture();
        const response = await raw(h, token, { method: 'PATCH', url, payload: '{"status":"Done"}', headers: { 'content-type': type } });
        assertErrorBody(response, 415, 'UNSUPPORTED_MEDIA_TYPE', type);
        assert.deepEqual((await h.call({ method: 'GET', url, token })).body, before);
      });
    }
    test('text/plain is read as text, and text is not an object: a 422', async () => {
      const { token, url, before } = fixture();
      const text = await raw(h, token, { method: 'PATCH', url, payload: '{"status":"Done"}', headers: { 'content-type': 'text/plain' } });
      assertErrorBody(text, 422, 'VALIDATION_ERROR', 'text/plain');
      assert.deepEqual((await h.call({ method: 'GET', url, token })).body, before);
    });
  });

  test('a charset parameter on application/json is fine', async () => {
    const { token, url } = await setUp(h);
    const charset = await raw(h, token, {
      method: 'PATCH',
      url,
      payload: '{"status":"Done"}',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    assert.equal(charset.status, 200);
    assert.equal(charset.body.status, 'Done');
  });

  test('a body over the limit is a 413', async () => {
    const { token, url, before } = await setUp(h);
    const payload = JSON.stringify({ summary: 'x'.repeat(3 * 1024 * 1024) });
    const response = await raw(h, token, { method: 'PATCH', url, payload, headers: { 'content-type': 'application/json' } });
    assertErrorBody(response, 413, 'BODY_TOO_LARGE');
    assert.deepEqual((await h.call({ method: 'GET', url, token })).body, before);
  });

  describe('deeply nested or oddly shaped JSON is a 422', () => {
    const fixture = sharedFixture(() => setUp(h));
    test('5000 nested arrays', async () => {
      const { token, url } = fixture();
      const deep = '{"summary":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
      const response = await raw(h, token, { method: 'PATCH', url, payload: deep, headers: { 'content-type': 'application/json' } });
      assertNoServerError(response, 'deep');
      assert.ok(response.status === 400 || response.status === 422);
    });
    test('2000 fields', async () => {
      const { token, url } = fixture();
      const many = JSON.stringify(Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`f${i}`, i])));
      const wide = await raw(h, token, { method: 'PATCH', url, payload: many, headers: { 'content-type': 'application/json' } });
      assertErrorBody(wide, 422, 'VALIDATION_ERROR', 'wide');
    });
  });

  describe('odd but valid strings are stored and returned intact', () => {
    const summaries: [string, string][] = [
      ['emoji and astral letters', 'emoji 😀🦷 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢'],
      ['a null byte', 'null byte \u0000 inside'],
      ['quotes and SQL', 'quotes \' " ` and ; DROP TABLE call_logs; --'],
      ['right-to-left scripts', 'RTL שלום مرحبا'],
      ['backslashes', '\\\\server\\share'],
    ];
    for (const [name, summary] of summaries) {
      test(name, async () => {
        const { token, url, before } = await setUp(h);
        const response = await raw(h, token, { method: 'PATCH', url, payload: { summary } });
        assert.equal(response.status, 200, summary);
        assert.deepEqual(response.body, { ...before, summary, updated_at: response.body.updated_at }, summary);
      });
    }
    // A lone surrogate is not valid Unicode: it may be refused or replaced, never a 500.
    test('a lone surrogate is never a 500', async () => {
      const { token, url } = await setUp(h);
      const lone = await raw(h, token, {
        method: 'PATCH',
        url,
        payload: '{"summary":"\\ud800 alone"}',
        headers: { 'content-type': 'application/json' },
      });
      assertNoServerError(lone, 'lone surrogate');
    });
  });

  describe('huge, negative, zero and non-numeric ids in paths are 422 naming the parameter', () => {
    const fixture = sharedFixture(() => setUp(h));
    const ids = [
      '99999999999',
      '2147483648',
      '-1',
      '0',
      'abc',
      '1.5',
      '1e3x',
      '%20',
      '12abc',
      '9'.repeat(60),
      'NaN',
      'Infinity',
      'null',
      '-0.5',
    ];
    for (const id of ids) {
      for (const [method, url, name] of [
        ['GET', `/api/v1/call-logs/${id}`, 'call_log_id'],
        ['PATCH', `/api/v1/call-logs/${id}`, 'call_log_id'],
        ['GET', `/api/v1/call-logs/by-clinic/${id}`, 'clinic_id'],
        ['GET', `/api/v1/clinics/${id}`, 'clinic_id'],
      ] as const) {
        test(`${method} ${url}`, async () => {
          const response = await raw(h, fixture().token, { method, url, ...(method === 'PATCH' ? { payload: { status: 'Done' } } : {}) });
          assertErrorBody(response, 422, 'VALIDATION_ERROR', `${method} ${url}`);
          assert.deepEqual(
            response.body.errors.map((e: { loc: unknown }) => e.loc),
            [['path', name]],
            `${method} ${url}`,
          );
        });
      }
    }
  });

  describe('number spellings a path may coerce (hex, exponent, spaces) never give a 5xx', () => {
    const fixture = sharedFixture(() => setUp(h));
    for (const id of ['0x10', '1e3', '1e400', '%201', '1%20', '+5', '00001', '1.0']) {
      for (const url of [`/api/v1/call-logs/${id}`, `/api/v1/call-logs/by-clinic/${id}`, `/api/v1/clinics/${id}`]) {
        test(`GET ${url}`, async () => {
          assertNoServerError(await raw(h, fixture().token, { method: 'GET', url }), url);
        });
      }
    }
  });

  describe('the largest valid id that does not exist is a plain 404', () => {
    const fixture = sharedFixture(() => setUp(h));
    const cases: [string, InjectOptions, string][] = [
      ['GET a call', { method: 'GET', url: '/api/v1/call-logs/2147483647' }, 'CALL_LOG_NOT_FOUND'],
      ['PATCH a call', { method: 'PATCH', url: '/api/v1/call-logs/2147483647', payload: { status: 'Done' } }, 'CALL_LOG_NOT_FOUND'],
      ['GET the calls of a clinic', { method: 'GET', url: '/api/v1/call-logs/by-clinic/2147483647' }, 'CLINIC_NOT_FOUND'],
      ['GET a clinic', { method: 'GET', url: '/api/v1/clinics/2147483647' }, 'CLINIC_NOT_FOUND'],
    ];
    for (const [name, options, errorKey] of cases) {
      test(name, async () => {
        assertErrorBody(await raw(h, fixture().token, options), 404, errorKey);
      });
    }
  });

  describe('weird query strings never give a 5xx', () => {
    const fixture = sharedFixture(async () => {
      const { clinic, token } = await setUp(h);
      return { token, base: `/api/v1/call-logs/by-clinic/${clinic.id}` };
    });
    const queries = [
      'page[]=1',
      'page=1&page=2',
      'limit=1e2',
      'limit=%00',
      'search[]=jane',
      'search=jane&search=doe',
      'search[a]=b',
      'search=%E0%A4%A',
      'search=%',
      'search=%25%25%25',
      'search=%00',
      'search=%F0%9F%A6%B7',
      `search=${encodeURIComponent("' OR 1=1 --")}`,
      `search=${encodeURIComponent('"); DROP TABLE call_logs; --')}`,
      'status[]=',
      'status[0]=New',
      'status[]=New&status[]=New&status[]=New',
      `status=${'New,'.repeat(1000)}`,
      `${'x'.repeat(5000)}=1`,
      'a=1&'.repeat(2000),
      'page=99999999999999999999',
      'limit=99999999999999999999',
      'page=2147483648',
      '&&&===',
    ];
    for (const query of queries) {
      test(`?${query.slice(0, 80)}`, async () => {
        const { token, base } = fixture();
        const response = await h.call({ method: 'GET', url: `${base}?${query}`, token });
        assertNoServerError(response, query.slice(0, 80));
        // The call is still there: nothing was dropped.
        const list = await h.call({ method: 'GET', url: base, token });
        assert.equal(list.body.total, 1);
      });
    }
  });

  describe('every documented error on the API has exactly detail and error_key', () => {
    const fixture = sharedFixture(() => setUp(h));
    const cases: [string, number, (f: ReturnType<typeof fixture>) => InjectOptions & { token?: string }][] = [
      ['NOT_AUTHENTICATED', 401, ({ url }) => ({ method: 'GET', url })],
      ['INVALID_CREDENTIALS', 401, () => ({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'x@y.z', password: 'nope' } })],
      ['FORBIDDEN', 403, ({ token }) => ({ method: 'POST', url: '/api/v1/clinics', token, payload: { name: 'x' } })],
      ['CLINIC_NOT_FOUND', 404, ({ token }) => ({ method: 'GET', url: '/api/v1/clinics/2147483000', token })],
      ['CALL_LOG_NOT_FOUND', 404, ({ token }) => ({ method: 'GET', url: '/api/v1/call-logs/2147483000', token })],
      ['VALIDATION_ERROR', 422, ({ token, url }) => ({ method: 'PATCH', url, token, payload: { status: 'x' } })],
    ];
    for (const [errorKey, status, request] of cases) {
      test(`${status} ${errorKey}`, async () => {
        assertErrorBody(await h.call(request(fixture())), status, errorKey);
      });
    }
    test('409 EMAIL_TAKEN', async () => {
      const admin = await h.adminToken();
      const email = `x-${Date.now()}@zenicall.test`;
      const body = { email, password: 'correct horse battery', role: 'staff', clinic_ids: [] };
      assert.equal((await h.call({ method: 'POST', url: '/api/v1/users', token: admin, payload: body })).status, 201);
      assertErrorBody(await h.call({ method: 'POST', url: '/api/v1/users', token: admin, payload: body }), 409, 'EMAIL_TAKEN');
    });
  });
});

/** Refused before routing or by the not-found handler: no SQL runs, so once is enough (the set-up still signs in). */
describeOnce('robustness, before any route', (h) => {
  const fixture = sharedFixture(() => setUp(h));

  describe('an over-long or badly encoded path is a 414 or 400 with the usual body', () => {
    for (const url of [
      `/api/v1/call-logs/${'9'.repeat(400)}`,
      `/api/v1/call-logs/by-clinic/${'1'.repeat(101)}`,
      `/api/v1/clinics/${'x'.repeat(5000)}`,
    ]) {
      for (const withToken of [true, false]) {
        test(`${url.slice(0, 40)}… ${withToken ? 'with' : 'without'} a token is a 414`, async () => {
          const response = await runsNoSql(h, () => h.call({ method: 'GET', url, ...(withToken ? { token: fixture().token } : {}) }));
          assertErrorBody(response, 414, 'URI_TOO_LONG', url.slice(0, 40));
        });
      }
    }
    for (const url of ['/api/v1/call-logs/%E0%A4%A', '/api/v1/call-logs/by-clinic/%ZZ', '/api/v1/clinics/%']) {
      for (const withToken of [true, false]) {
        test(`${url} ${withToken ? 'with' : 'without'} a token is a 400`, async () => {
          const response = await runsNoSql(h, () => h.call({ method: 'GET', url, ...(withToken ? { token: fixture().token } : {}) }));
          assertErrorBody(response, 400, 'INVALID_URL', url);
        });
      }
    }
  });

  describe('unknown routes and methods are 404 NOT_FOUND, with or without a token', () => {
    // `/` and other page URLs asked for as HTML belong to the dashboard; everything else is JSON.
    const routes: [string, string][] = [
      ['GET', '/nope'],
      ['POST', '/'],
      ['GET', '/api'],
      ['GET', '/api/v1'],
      ['GET', '/api/v1/nope'],
      ['GET', '/api/v2/call-logs/1'],
      ['GET', '/api/v1/call-logs'],
      ['GET', '/api/v1/call-logs/{id}/extra'],
      ['DELETE', '/api/v1/call-logs/{id}'],
      ['PUT', '/api/v1/call-logs/{id}'],
      ['POST', '/api/v1/call-logs/by-clinic/1'],
      ['GET', '/api/v1/auth/login'],
      ['DELETE', '/api/v1/clinics/1'],
    ];
    for (const [method, path] of routes) {
      for (const withToken of [false, true]) {
        test(`${method} ${path} ${withToken ? 'with' : 'without'} token`, async () => {
          const { token, id } = fixture();
          const url = path.replace('{id}', String(id));
          const send = () => h.call({ method: method, url, ...(withToken ? { token } : {}) });
          const response = await runsNoSql(h, send);
          assertErrorBody(response, 404, 'NOT_FOUND', `${method} ${url} ${withToken ? 'with' : 'without'} token`);
        });
      }
    }
    // A browser asking for an API path that does not exist still gets the JSON 404, never a page.
    for (const url of ['/api/v1/nope', '/api/v1/call-logs', '/api/nope']) {
      test(`GET ${url} as HTML`, async () => {
        const response = await runsNoSql(h, () =>
          h.call({ method: 'GET', url, headers: { accept: 'text/html,application/xhtml+xml,*/*' } }),
        );
        assertErrorBody(response, 404, 'NOT_FOUND', `${url} as HTML`);
      });
    }
  });
});
