import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppConfig } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { testConfig } from './helpers/harness.js';

/**
 * What the browser is told: a strict Content Security Policy, no framing, no sniffing, no Referer,
 * on the dashboard and the API alike; and in production the API map (`/docs`, `/openapi.json`)
 * and the dashboard's source maps stay private unless configured on.
 */

const EXPECTED_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "media-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join(';');

/** The dashboard's script and its source map, as the build names them (npm test builds the dashboard first). */
const builtIndex = new URL('../web/dist/index.html', import.meta.url);
const script = existsSync(builtIndex) ? /src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(builtIndex, 'utf8'))?.[1] : undefined;
const notBuilt = script === undefined && 'the dashboard is not built (npm run build:web)';

function withApp(overrides: Partial<AppConfig>, body: (app: () => FastifyInstance) => void) {
  let app: FastifyInstance;
  before(async () => {
    app = await buildApp(testConfig('sqlite::memory:', overrides), { logger: false, backgroundJobs: false });
  });
  after(() => app?.close());
  body(() => app);
}

function assertHardened(headers: Record<string, unknown>, label: string) {
  assert.equal(headers['content-security-policy'], EXPECTED_CSP, label);
  assert.equal(headers['x-frame-options'], 'DENY', label);
  assert.equal(headers['x-content-type-options'], 'nosniff', label);
  assert.equal(headers['referrer-policy'], 'no-referrer', label);
}

describe('security headers', () => {
  withApp({}, (app) => {
    test('on the dashboard page, its deep links and its script', { skip: notBuilt }, async () => {
      for (const url of ['/', '/calls?clinic=1&q=smith', script!]) {
        const response = await app().inject({ method: 'GET', url, headers: { accept: 'text/html' } });
        assert.equal(response.statusCode, 200, url);
        assertHardened(response.headers, url);
      }
    });

    test('on /docs, the same policy, letting through only Swagger UI’s own inline style', async () => {
      const response = await app().inject({ method: 'GET', url: '/docs' });
      assert.equal(response.statusCode, 200);
      assertHardened(
        {
          ...response.headers,
          'content-security-policy': String(response.headers['content-security-policy']).replace(/ 'sha256-[^']+'/, ''),
        },
        '/docs',
      );
      assert.match(String(response.headers['content-security-policy']), /;style-src 'self' 'sha256-[A-Za-z0-9+/]+=';/);
    });

    test('on API answers, errors included', async () => {
      const login = await app().inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'admin@zenicall.test', password: 'admin-password-1' },
      });
      assert.equal(login.statusCode, 200);
      assertHardened(login.headers, 'login');
      const refused = await app().inject({ method: 'GET', url: '/api/v1/auth/me' });
      assert.equal(refused.statusCode, 401);
      assertHardened(refused.headers, '401');
      const missing = await app().inject({ method: 'GET', url: '/api/v1/nothing' });
      assert.equal(missing.statusCode, 404);
      assertHardened(missing.headers, '404');
    });
  });
});

async function status(app: FastifyInstance, url: string) {
  return (await app.inject({ method: 'GET', url })).statusCode;
}

describe('production: docs and source maps private by default', () => {
  const production = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) });
  withApp({ env: 'production', publicDocs: production.publicDocs, publicSourceMaps: production.publicSourceMaps }, (app) => {
    test('/docs and /openapi.json answer 404', async () => {
      for (const url of ['/docs', '/docs/', '/docs/static/index.html', '/openapi.json']) {
        const response = await app().inject({ method: 'GET', url });
        assert.equal(response.statusCode, 404, url);
        assert.equal(response.json().error_key, 'NOT_FOUND', url);
      }
    });

    test('the source map answers 404; the script itself is served', { skip: notBuilt }, async () => {
      assert.equal(await status(app(), `${script}.map`), 404);
      assert.equal(await status(app(), script!), 200);
    });
  });
});

describe('production with ZENICALL_PUBLIC_DOCS and ZENICALL_PUBLIC_SOURCE_MAPS', () => {
  const production = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: 'x'.repeat(32),
    ZENICALL_PUBLIC_DOCS: 'true',
    ZENICALL_PUBLIC_SOURCE_MAPS: 'true',
  });
  withApp({ env: 'production', publicDocs: production.publicDocs, publicSourceMaps: production.publicSourceMaps }, (app) => {
    test('/docs and /openapi.json are served', async () => {
      assert.equal(await status(app(), '/openapi.json'), 200);
      assert.equal(await status(app(), '/docs'), 200);
      assert.equal(await status(app(), '/docs/static/swagger-initializer.js'), 200);
    });

    test('the source map is served', { skip: notBuilt }, async () => {
      assert.equal(await status(app(), `${script}.map`), 200);
    });
  });
});

test('outside production, docs and source maps are on unless turned off', () => {
  assert.deepEqual(
    [loadConfig({}), loadConfig({ ZENICALL_PUBLIC_DOCS: 'false', ZENICALL_PUBLIC_SOURCE_MAPS: 'false' })].map((config) => [
      config.publicDocs,
      config.publicSourceMaps,
    ]),
    [
      [true, true],
      [false, false],
    ],
  );
});
