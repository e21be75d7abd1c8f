import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppConfig } from '../src/app.js';
import { openEventStream, readServerSentEvents, type ServerSentEvent } from './helpers/event-stream.js';
import { ADMIN, describeEachDatabase, testConfig, type Harness } from './helpers/harness.js';
import { signIn, spawnServer } from './helpers/server-process.js';

/**
 * Presence: PUT/DELETE /api/v1/call-logs/{id}/presence, and the `presence` events of the clinic's
 * live stream, in one server process and across two processes sharing Redis.
 */

const CALL_LOG_NOT_FOUND = { detail: 'No such call log.', error_key: 'CALL_LOG_NOT_FOUND' };
const EVENT_ID = /^[0-9a-f]{12}-\d+$/;
const REDIS_URL = 'redis://127.0.0.1:6379';
const redisReachable = await new Promise<boolean>((resolve) => {
  const socket = connect(6379, '127.0.0.1');
  socket.once('connect', () => (socket.destroy(), resolve(true)));
  socket.once('error', () => resolve(false));
});

interface Member {
  id: number;
  name: string;
  token: string;
}
type Stream = Awaited<ReturnType<typeof openEventStream>>;

/** A staff member with a name, signed in: `name` is what presence shows. */
async function member(h: Harness, clinicIds: number[], name: string): Promise<Member> {
  const email = `${randomUUID()}@zenicall.test`;
  const password = 'correct horse battery';
  const created = await h.call({
    method: 'POST',
    url: '/api/v1/users',
    token: await h.adminToken(),
    payload: { email, password, full_name: name, role: 'staff', clinic_ids: clinicIds },
  });
  assert.equal(created.status, 201);
  return { id: created.body.id, name, token: await h.login(email, password) };
}

/** A clinic with three calls and three staff members (Alice, Bob, Carol, in that order of ids). */
async function clinicWithStaff(h: Harness) {
  const clinic = await h.createClinic();
  const calls = [];
  for (let i = 0; i < 3; i++) calls.push(await h.insertCallLog(clinic.id, { caller_phone_number: `+3314000000${i}` }));
  const [alice, bob, carol] = [
    await member(h, [clinic.id], 'Alice Martin'),
    await member(h, [clinic.id], 'Bob Côté'),
    await member(h, [clinic.id], 'Carol Diaz'),
  ];
  return { clinic, calls: calls as [number, number, number], alice, bob, carol };
}

const viewer = ({ id, name }: Member) => ({ id, name });

/** PUT (open) or DELETE (close) on the presence of a call, through `app`; the answer's status and body. */
async function presence(app: FastifyInstance, method: 'PUT' | 'DELETE', who: Member, callLogId: number | string) {
  const response = await app.inject({
    method,
    url: `/api/v1/call-logs/${callLogId}/presence`,
    headers: { authorization: `Bearer ${who.token}` },
  });
  return { status: response.statusCode, body: response.body === '' ? '' : response.json<unknown>() };
}

/** Opens the clinic's stream and reads its `ready`: what comes next is news. */
async function openStream(baseUrl: string, clinicId: number, who: Member): Promise<Stream> {
  const stream = await openEventStream(baseUrl, clinicId, who.token);
  assert.equal(stream.response.status, 200);
  assert.equal((await stream.nextEvent()).event, 'ready');
  return stream;
}

/** The stream's next news, which must be a presence event with a stream position as its id. */
async function nextPresence(stream: Stream): Promise<ServerSentEvent['data']> {
  const event = await stream.next();
  assert.equal(event.event, 'presence', JSON.stringify(event));
  assert.match(event.id!, EVENT_ID);
  return event.data;
}

describeEachDatabase('presence, one server process', (h) => {
  let baseUrl: string;
  const streams: Stream[] = [];
  before(async () => {
    baseUrl = await h.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(() => streams.forEach((stream) => stream.close()));
  const open = async (clinicId: number, who: Member) => {
    const stream = await openStream(baseUrl, clinicId, who);
    streams.push(stream);
    return stream;
  };

  test('opening and closing a call is seen on the clinic’s stream by everyone, the viewer included; a second tab counts once', async () => {
    const { clinic, calls, alice, bob } = await clinicWithStaff(h);
    const stream = await open(clinic.id, alice);
    assert.deepEqual(await presence(h.app, 'PUT', bob, calls[0]), { status: 204, body: '' });
    assert.deepEqual(await nextPresence(stream), { call_log_id: calls[0], viewers: [viewer(bob)] });
    assert.deepEqual(await presence(h.app, 'PUT', alice, calls[0]), { status: 204, body: '' });
    assert.deepEqual(await nextPresence(stream), { call_log_id: calls[0], viewers: [viewer(alice), viewer(bob)] });
    // Bob's renewal, or his second tab, changes nothing: the next event is Alice leaving.
    assert.deepEqual(await presence(h.app, 'PUT', bob, calls[0]), { status: 204, body: '' });
    assert.deepEqual(await presence(h.app, 'DELETE', alice, calls[0]), { status: 204, body: '' });
    assert.deepEqual(await nextPresence(stream), { call_log_id: calls[0], viewers: [viewer(bob)] });
    assert.deepEqual(await presence(h.app, 'DELETE', bob, calls[0]), { status: 204, body: '' });
    assert.deepEqual(await nextPresence(stream), { call_log_id: calls[0], viewers: [] });
    // Closing what is not open is no change.
    assert.deepEqual(await presence(h.app, 'DELETE', bob, calls[0]), { status: 204, body: '' });
    assert.deepEqual(await presence(h.app, 'PUT', alice, calls[1]), { status: 204, body: '' });
    assert.deepEqual(await nextPresence(stream), { call_log_id: calls[1], viewers: [viewer(alice)] });
  });

  test('a new stream first gets who has which of the clinic’s calls open, right after ready; other clinics are not told', async () => {
    const { clinic, calls, alice, bob, carol } = await clinicWithStaff(h);
    const other = await clinicWithStaff(h);
    const otherStream = await open(other.clinic.id, other.alice);
    assert.equal((await presence(h.app, 'PUT', bob, calls[1])).status, 204);
    assert.equal((await presence(h.app, 'PUT', carol, calls[0])).status, 204);
    assert.equal((await presence(h.app, 'PUT', bob, calls[0])).status, 204);
    assert.equal((await presence(h.app, 'PUT', other.bob, other.calls[0])).status, 204);

    const stream = await open(clinic.id, alice);
    assert.deepEqual(await nextPresence(stream), { call_log_id: calls[0], viewers: [viewer(bob), viewer(carol)] });
    assert.deepEqual(await nextPresence(stream), { call_log_id: calls[1], viewers: [viewer(bob)] });
    assert.equal((await presence(h.app, 'PUT', alice, calls[2])).status, 204);
    assert.deepEqual(await nextPresence(stream), { call_log_id: calls[2], viewers: [viewer(alice)] });
    // The other clinic's stream heard only its own call.
    assert.deepEqual(await nextPresence(otherStream), { call_log_id: other.calls[0], viewers: [viewer(other.bob)] });
    assert.equal((await presence(h.app, 'DELETE', other.bob, other.calls[0])).status, 204);
    assert.deepEqual(await nextPresence(otherStream), { call_log_id: other.calls[0], viewers: [] });
  });

  test('another clinic’s call, or none, answers 404 and is not announced; a bad id 422; no token 401', async () => {
    const mine = await clinicWithStaff(h);
    const theirs = await clinicWithStaff(h);
    const stream = await open(theirs.clinic.id, theirs.alice);
    for (const method of ['PUT', 'DELETE'] as const) {
      for (const id of [theirs.calls[0], 2147483000]) {
        assert.deepEqual(await presence(h.app, method, mine.bob, id), { status: 404, body: CALL_LOG_NOT_FOUND }, `${method} ${id}`);
      }
      const bad = await presence(h.app, method, mine.bob, 'abc');
      assert.equal(bad.status, 422);
      assert.deepEqual(bad.body, {
        detail: 'path.call_log_id: must be integer',
        error_key: 'VALIDATION_ERROR',
        errors: [{ loc: ['path', 'call_log_id'], msg: 'must be integer' }],
      });
      const anonymous = await h.app.inject({ method, url: `/api/v1/call-logs/${theirs.calls[0]}/presence` });
      assert.equal(anonymous.statusCode, 401);
      assert.equal(anonymous.json().error_key, 'NOT_AUTHENTICATED');
    }
    assert.equal((await presence(h.app, 'PUT', theirs.carol, theirs.calls[1])).status, 204);
    assert.deepEqual(await nextPresence(stream), { call_log_id: theirs.calls[1], viewers: [viewer(theirs.carol)] });
  });

  test('a user removed from the clinic stops viewing its calls at once, and cannot say otherwise', async () => {
    const { clinic, calls, alice, bob } = await clinicWithStaff(h);
    const stream = await open(clinic.id, alice);
    assert.equal((await presence(h.app, 'PUT', bob, calls[0])).status, 204);
    assert.equal((await presence(h.app, 'PUT', bob, calls[2])).status, 204);
    assert.deepEqual(await nextPresence(stream), { call_log_id: calls[0], viewers: [viewer(bob)] });
    assert.deepEqual(await nextPresence(stream), { call_log_id: calls[2], viewers: [viewer(bob)] });
    const removed = await h.call({ method: 'DELETE', url: `/api/v1/users/${bob.id}/clinics/${clinic.id}`, token: await h.adminToken() });
    assert.equal(removed.status, 204);
    const dropped = [await nextPresence(stream), await nextPresence(stream)].sort((a, b) => a.call_log_id - b.call_log_id);
    assert.deepEqual(dropped, [
      { call_log_id: calls[0], viewers: [] },
      { call_log_id: calls[2], viewers: [] },
    ]);
    assert.deepEqual(await presence(h.app, 'PUT', bob, calls[0]), { status: 404, body: CALL_LOG_NOT_FOUND });
  });
});

describeEachDatabase(
  'presence expires without renewal',
  (h) => {
    let baseUrl: string;
    before(async () => {
      baseUrl = await h.app.listen({ port: 0, host: '127.0.0.1' });
    });

    test('an entry not renewed within the TTL is dropped and announced; a stream opened later does not see it', async () => {
      const { clinic, calls, alice, bob } = await clinicWithStaff(h);
      const stream = await openStream(baseUrl, clinic.id, alice);
      assert.equal((await presence(h.app, 'PUT', bob, calls[0])).status, 204);
      assert.deepEqual(await nextPresence(stream), { call_log_id: calls[0], viewers: [viewer(bob)] });
      assert.deepEqual(await nextPresence(stream), { call_log_id: calls[0], viewers: [] });
      stream.close();
      const later = await openStream(baseUrl, clinic.id, alice);
      assert.equal((await presence(h.app, 'PUT', alice, calls[1])).status, 204);
      assert.deepEqual(await nextPresence(later), { call_log_id: calls[1], viewers: [viewer(alice)] });
      later.close();
    });
  },
  { presenceTtlSeconds: 0.5 },
);

/** A second server process on the same database and the same Redis (same configuration, so the same tokens work). */
async function secondProcess(h: Harness, overrides: Partial<AppConfig> = {}) {
  const app = await buildApp(
    { ...h.app.config, ...overrides },
    { database: h.database, migrate: false, logger: false, backgroundJobs: false },
  );
  return { app, url: await app.listen({ port: 0, host: '127.0.0.1' }) };
}

describe('presence in a cluster without Redis: the primary holds the table for both workers', () => {
  const server = spawnServer({ ZENICALL_WORKERS: '2' });
  after(() => server.stop());

  test('opened through one worker and closed through the other: every stream, on either worker, agrees', { timeout: 60_000 }, async () => {
    const url = await server.ready;
    const token = await signIn(url, server.demo()!);
    // A new connection per request: the primary hands them to the workers in turn.
    const ask = (method: string, path: string) =>
      fetch(`${url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, connection: 'close' } });
    const me = (await (await ask('GET', '/auth/me')).json()) as {
      id: number;
      full_name: string | null;
      email: string;
      clinics: { id: number }[];
    };
    const clinicId = me.clinics[0]!.id;
    const callId = ((await (await ask('GET', `/call-logs/by-clinic/${clinicId}?limit=1`)).json()) as { items: { id: number }[] }).items[0]!
      .id;

    const controller = new AbortController();
    const received: ServerSentEvent[][] = [];
    await Promise.all(
      Array.from({ length: 4 }, async (_, index) => {
        const response = await fetch(`${url}/api/v1/call-logs/by-clinic/${clinicId}/stream`, {
          headers: { authorization: `Bearer ${token}`, connection: 'close' },
          signal: controller.signal,
        });
        const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
        const events = readServerSentEvents({ next: () => reader.read() });
        received[index] = [];
        assert.equal((await events.next()).event, 'ready');
        void (async () => {
          for (;;) {
            const event = await events.next().catch(() => undefined);
            if (!event) return;
            if (event.event === 'presence') received[index]!.push(event.data);
          }
        })();
      }),
    );
    const eachStreamHas = async (count: number) => {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && received.some((events) => events.length < count))
        await new Promise((resolve) => setTimeout(resolve, 50));
    };

    // Opened through each worker in turn, then closed through one: with a table per worker, the
    // other worker's streams would keep the viewer.
    for (let i = 0; i < 2; i++) assert.equal((await ask('PUT', `/call-logs/${callId}/presence`)).status, 204);
    await eachStreamHas(1);
    assert.equal((await ask('DELETE', `/call-logs/${callId}/presence`)).status, 204);
    await eachStreamHas(2);
    controller.abort();
    const demo = { id: me.id, name: me.full_name ?? me.email };
    for (const events of received)
      assert.deepEqual(events, [
        { call_log_id: callId, viewers: [demo] },
        { call_log_id: callId, viewers: [] },
      ]);
  });
});

describe('presence when Redis cannot be reached', () => {
  test('opening and closing a call still answer 204 (logged), so the dashboard carries on', { timeout: 30_000 }, async () => {
    const logged: string[] = [];
    // Nothing listens on port 1.
    const app = await buildApp(testConfig('sqlite::memory:', { redisUrl: 'redis://127.0.0.1:1', logLevel: 'warn' }), {
      logStream: { write: (line: string) => void logged.push(line) },
      backgroundJobs: false,
    });
    try {
      const clinic = await app.inject({
        method: 'POST',
        url: '/api/v1/clinics',
        headers: await adminHeaders(app),
        payload: { name: 'Offline Dental' },
      });
      const headers = await adminHeaders(app);
      const callLogId = (
        await app.db
          .insertInto('call_logs')
          .values({
            clinic_id: clinic.json<{ id: number }>().id,
            external_call_id: randomUUID(),
            caller_phone_number: '+33140000001',
            call_started_at: '2026-10-01 09:00:00',
            status: 'NEW',
          })
          .executeTakeFirstOrThrow()
      ).insertId;
      for (const method of ['PUT', 'DELETE'] as const) {
        const response = await app.inject({ method, url: `/api/v1/call-logs/${Number(callLogId)}/presence`, headers });
        assert.equal(response.statusCode, 204);
      }
      assert.ok(logged.some((line) => line.includes('presence: could not record a viewer')));
    } finally {
      await app.close();
    }
  });
});

async function adminHeaders(app: FastifyInstance) {
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN });
  return { authorization: `Bearer ${login.json<{ access_token: string }>().access_token}` };
}

if (redisReachable) {
  describeEachDatabase(
    'presence across two server processes sharing Redis',
    (h) => {
      let first: { app: FastifyInstance; url: string };
      let second: { app: FastifyInstance; url: string };
      const extra: FastifyInstance[] = [];
      const streams: Stream[] = [];
      before(async () => {
        first = { app: h.app, url: await h.app.listen({ port: 0, host: '127.0.0.1' }) };
        second = await secondProcess(h);
        extra.push(second.app);
      });
      after(async () => {
        streams.forEach((stream) => stream.close());
        await Promise.all(extra.map((app) => app.close()));
      });
      const open = async (url: string, clinicId: number, who: Member) => {
        const stream = await openStream(url, clinicId, who);
        streams.push(stream);
        return stream;
      };

      test('a call opened or closed through one process is seen on both processes’ streams; a new stream gets it from Redis', async () => {
        const { clinic, calls, alice, bob } = await clinicWithStaff(h);
        const onFirst = await open(first.url, clinic.id, alice);
        const onSecond = await open(second.url, clinic.id, alice);
        assert.equal((await presence(first.app, 'PUT', bob, calls[0])).status, 204);
        for (const stream of [onFirst, onSecond])
          assert.deepEqual(await nextPresence(stream), { call_log_id: calls[0], viewers: [viewer(bob)] });
        assert.equal((await presence(second.app, 'PUT', alice, calls[0])).status, 204);
        for (const stream of [onFirst, onSecond])
          assert.deepEqual(await nextPresence(stream), { call_log_id: calls[0], viewers: [viewer(alice), viewer(bob)] });
        // Bob renews through the other process: one user, one entry, nothing to announce.
        assert.equal((await presence(second.app, 'PUT', bob, calls[0])).status, 204);
        assert.equal((await presence(first.app, 'DELETE', alice, calls[0])).status, 204);
        for (const stream of [onFirst, onSecond])
          assert.deepEqual(await nextPresence(stream), { call_log_id: calls[0], viewers: [viewer(bob)] });

        const late = await open(second.url, clinic.id, alice);
        assert.deepEqual(await nextPresence(late), { call_log_id: calls[0], viewers: [viewer(bob)] });
      });

      test('signing out through one process drops the user’s presence, announced once to every process', async () => {
        const { clinic, calls, alice, bob } = await clinicWithStaff(h);
        const onSecond = await open(second.url, clinic.id, alice);
        assert.equal((await presence(second.app, 'PUT', bob, calls[1])).status, 204);
        assert.deepEqual(await nextPresence(onSecond), { call_log_id: calls[1], viewers: [viewer(bob)] });
        const logout = await first.app.inject({
          method: 'POST',
          url: '/api/v1/auth/logout',
          headers: { authorization: `Bearer ${bob.token}` },
        });
        assert.equal(logout.statusCode, 204);
        assert.deepEqual(await nextPresence(onSecond), { call_log_id: calls[1], viewers: [] });
        assert.equal((await presence(first.app, 'PUT', alice, calls[2])).status, 204);
        assert.deepEqual(await nextPresence(onSecond), { call_log_id: calls[2], viewers: [viewer(alice)] });
        const refused = await presence(second.app, 'PUT', bob, calls[1]);
        assert.equal(refused.status, 401);
      });

      test('an entry not renewed expires once, whichever process sweeps it', async () => {
        // Two more processes with a short TTL, on keys of their own.
        const overrides = { presenceTtlSeconds: 0.5, redisPrefix: `zenicall-test-${randomUUID()}:` };
        const [one, two] = [await secondProcess(h, overrides), await secondProcess(h, overrides)];
        extra.push(one.app, two.app);
        const { clinic, calls, alice, bob } = await clinicWithStaff(h);
        const stream = await open(two.url, clinic.id, alice);
        assert.equal((await presence(one.app, 'PUT', bob, calls[0])).status, 204);
        assert.deepEqual(await nextPresence(stream), { call_log_id: calls[0], viewers: [viewer(bob)] });
        assert.deepEqual(await nextPresence(stream), { call_log_id: calls[0], viewers: [] });
        assert.equal((await presence(two.app, 'PUT', alice, calls[1])).status, 204);
        assert.deepEqual(await nextPresence(stream), { call_log_id: calls[1], viewers: [viewer(alice)] });
      });
    },
    { redisUrl: REDIS_URL },
  );
} else {
  describe('presence across two server processes sharing Redis', () => {
    test('needs Redis', { skip: 'Redis is not running on 127.0.0.1:6379' }, () => {});
  });
}
