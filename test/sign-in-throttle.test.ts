import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import { after, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppConfig } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ADMIN, describeEachDatabase, testConfig, type Harness } from './helpers/harness.js';

/**
 * Brute force on the sign-in: failed attempts are counted per account and per client address;
 * past the limit the answer is 429 with Retry-After and the password is not even checked. Only
 * failures count, so a colleague's sign-in is never slowed by someone hammering another account.
 */

const INVALID_CREDENTIALS = { detail: 'The e-mail or password is wrong.', error_key: 'INVALID_CREDENTIALS' };
const PER_ACCOUNT = 10;
const PER_ADDRESS = 50;
const WINDOW_SECONDS = 900;

/** A fresh client address per test, so tests sharing one app do not share an address's count. */
const freshAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

async function attempt(h: Harness, email: string, password: string, remoteAddress: string) {
  const response = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });
  return { status: response.statusCode, body: response.json(), retryAfter: response.headers['retry-after'] };
}

function assertThrottled(response: Awaited<ReturnType<typeof attempt>>, label: string) {
  assert.equal(response.status, 429, label);
  assert.equal(response.body.error_key, 'TOO_MANY_SIGN_IN_ATTEMPTS', label);
  assert.match(
    response.body.detail,
    /^Too many failed sign-ins for this account or from this address\. Try again in \d+ seconds\.$/,
    label,
  );
  const seconds = Number(response.retryAfter);
  assert.ok(Number.isInteger(seconds) && seconds >= 1 && seconds <= WINDOW_SECONDS, `${label}: Retry-After ${String(response.retryAfter)}`);
}

describeEachDatabase(
  'sign-in throttle',
  (h) => {
    test('200 wrong passwords for one account: the first ten are checked (401), the rest refused unchecked (429 + Retry-After)', async () => {
      const victim = await h.createUser('staff', []);
      const colleague = await h.createUser('staff', []);
      const address = freshAddress();
      const answers = [];
      for (let i = 0; i < 200; i++) {
        // Case and spaces do not make another account: the count is per normalised e-mail.
        const spelling = i % 2 === 0 ? victim.email : `  ${victim.email.toUpperCase()} `;
        answers.push(await attempt(h, spelling, `guess-${i}`, address));
      }
      answers.slice(0, PER_ACCOUNT).forEach((answer, i) => {
        assert.equal(answer.status, 401, `attempt ${i + 1}`);
        assert.deepEqual(answer.body, INVALID_CREDENTIALS, `attempt ${i + 1}`);
      });
      answers.slice(PER_ACCOUNT).forEach((answer, i) => assertThrottled(answer, `attempt ${PER_ACCOUNT + i + 1}`));

      // Even the right password waits: the account is locked, not the guesses.
      assertThrottled(await attempt(h, victim.email, 'correct horse battery', address), 'the victim, right password');
      // A colleague signing in from the same address meanwhile is not slowed.
      const theirs = await attempt(h, colleague.email, 'correct horse battery', address);
      assert.equal(theirs.status, 200);
      assert.equal(theirs.body.token_type, 'bearer');
    });

    test('guesses sent all at once get no more than the limit checked', async () => {
      const victim = await h.createUser('staff', []);
      const address = freshAddress();
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(h, victim.email, `guess-${i}`, address)));
      const statuses = answers.map((answer) => answer.status).sort();
      assert.deepEqual(statuses, [...Array<number>(PER_ACCOUNT).fill(401), ...Array<number>(40 - PER_ACCOUNT).fill(429)]);
    });

    test('one address guessing across many accounts is stopped after its own limit; other addresses are not', async () => {
      const colleague = await h.createUser('staff', []);
      const sprayer = freshAddress();
      for (let i = 0; i < PER_ADDRESS; i++) {
        const answer = await attempt(h, `nobody-${randomUUID()}@zenicall.test`, 'password1', sprayer);
        assert.equal(answer.status, 401, `attempt ${i + 1}`);
      }
      assertThrottled(await attempt(h, `nobody-${randomUUID()}@zenicall.test`, 'password1', sprayer), 'one more account');
      assertThrottled(await attempt(h, colleague.email, 'correct horse battery', sprayer), 'a right password from that address');
      assert.equal((await attempt(h, colleague.email, 'correct horse battery', freshAddress())).status, 200);
    });

    test('successful sign-ins are not counted', async () => {
      const user = await h.createUser('staff', []);
      const address = freshAddress();
      for (let i = 0; i < PER_ACCOUNT * 3; i++) {
        assert.equal((await attempt(h, user.email, 'correct horse battery', address)).status, 200, `sign-in ${i + 1}`);
      }
      assert.equal((await attempt(h, user.email, 'wrong', address)).status, 401);
    });
  },
  { signInThrottle: { perAccount: PER_ACCOUNT, perAddress: PER_ADDRESS, windowSeconds: WINDOW_SECONDS } },
);

/** Spraying accounts from one address while claiming another in X-Forwarded-For each time. */
async function sprayWithForgedForwardedFor(app: FastifyInstance, attempts: number) {
  const statuses = [];
  for (let i = 0; i < attempts; i++) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: `nobody-${randomUUID()}@zenicall.test`, password: 'password1' },
      remoteAddress: '192.0.2.10',
      headers: { 'x-forwarded-for': freshAddress() },
    });
    statuses.push(response.statusCode);
  }
  return statuses;
}

describe('client addresses and ZENICALL_TRUST_PROXY', () => {
  const apps: FastifyInstance[] = [];
  after(() => Promise.all(apps.map((app) => app.close())));
  const build = async (trustProxy: AppConfig['trustProxy']) => {
    const config = testConfig('sqlite::memory:', { trustProxy, signInThrottle: { perAccount: 100, perAddress: 3, windowSeconds: 60 } });
    const app = await buildApp(config, { logger: false, backgroundJobs: false });
    apps.push(app);
    return app;
  };

  test('ZENICALL_TRUST_PROXY takes true/false, a hop count, or addresses and ranges', () => {
    const parsed = ['', 'false', 'true', '2', '10.0.0.1, 172.16.0.0/12'].map(
      (value) => loadConfig({ ZENICALL_TRUST_PROXY: value }).trustProxy,
    );
    assert.deepEqual(parsed, [false, false, true, 2, ['10.0.0.1', '172.16.0.0/12']]);
  });

  test('without a trusted proxy, a forged X-Forwarded-For does not escape the per-address count', async () => {
    assert.deepEqual(await sprayWithForgedForwardedFor(await build(false), 4), [401, 401, 401, 429]);
  });

  test('behind a trusted proxy, each forwarded client address is counted on its own', async () => {
    assert.deepEqual(await sprayWithForgedForwardedFor(await build(['192.0.2.10']), 4), [401, 401, 401, 401]);
  });
});

const redisUrl = 'redis://127.0.0.1:6379';
const redisReachable = await new Promise<boolean>((resolve) => {
  const socket = createConnection({ host: '127.0.0.1', port: 6379 });
  socket.once('connect', () => resolve(socket.end() && true));
  socket.once('error', () => resolve(false));
});

describe(
  'sign-in throttle with REDIS_URL: processes share the count',
  { skip: !redisReachable && 'Redis is not running on 127.0.0.1:6379' },
  () => {
    const apps: FastifyInstance[] = [];
    after(() => Promise.all(apps.map((app) => app.close())));

    test('failures on one worker lock the account on another', async () => {
      const config = testConfig('sqlite::memory:', { redisUrl, signInThrottle: { perAccount: 3, perAddress: 1000, windowSeconds: 60 } });
      for (let i = 0; i < 2; i++) apps.push(await buildApp(config, { logger: false, backgroundJobs: false }));
      const [first, second] = apps as [FastifyInstance, FastifyInstance];
      // The administrator exists in both (each has its own database): the count is kept by e-mail, in Redis.
      const email = `Admin-${randomUUID()}@zenicall.test`;
      const login = (app: FastifyInstance, password: string) =>
        app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: freshAddress() });
      for (let i = 0; i < 3; i++) assert.equal((await login(first, 'wrong-password')).statusCode, 401);
      const refused = await login(second, 'wrong-password');
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.json().error_key, 'TOO_MANY_SIGN_IN_ATTEMPTS');
      assert.ok(Number(refused.headers['retry-after']) >= 1);
      assert.equal((await second.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN })).statusCode, 200);
    });
  },
);
