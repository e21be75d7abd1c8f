import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { after, describe, test } from 'node:test';
import { signIn, spawnServer } from './helpers/server-process.js';
import { readFixture } from './helpers/vapi.js';

/**
 * Several server processes (ZENICALL_WORKERS): a dashboard connected to one worker still hears
 * about a call ingested by another, through the primary's relay or through Redis.
 */
const VAPI_SECRET = 'cluster-test-vapi-secret';

const redisReachable = await new Promise<boolean>((resolve) => {
  const socket = connect(6379, '127.0.0.1');
  socket.once('connect', () => (socket.destroy(), resolve(true)));
  socket.once('error', () => resolve(false));
});

async function startCluster(env: Record<string, string>) {
  const server = spawnServer({ ZENICALL_WORKERS: '2', ZENICALL_VAPI_SECRET: VAPI_SECRET, ...env });
  const url = await server.ready;
  return { url, token: await signIn(url, server.demo()!), stop: () => server.stop() };
}

/** Opens `count` event streams (the primary spreads connections over the workers) and collects their events. */
async function openStreams(url: string, token: string, clinicId: number, count: number) {
  const controller = new AbortController();
  const received: string[][] = [];
  const opened = Array.from({ length: count }, async (_, index) => {
    received[index] = [];
    const response = await fetch(`${url}/api/v1/call-logs/by-clinic/${clinicId}/stream`, {
      headers: { authorization: `Bearer ${token}`, connection: 'close' },
      signal: controller.signal,
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          for (const match of value.matchAll(/^event: call-log\.created\nid: .*\ndata: (.*)$/gm))
            received[index]!.push(JSON.parse(match[1]!).external_call_id);
        }
      } catch {
        // aborted at the end of the test
      }
    })();
  });
  await Promise.all(opened);
  return { received, close: () => controller.abort() };
}

for (const [name, env, skip] of [
  ['relayed by the primary process', {}, false],
  ['through Redis pub/sub', { REDIS_URL: 'redis://127.0.0.1:6379' }, !redisReachable && 'Redis is not running on 127.0.0.1:6379'],
] as const) {
  describe(`two server processes, live updates ${name}`, { skip }, () => {
    let server: Awaited<ReturnType<typeof startCluster>>;
    after(() => server?.stop());

    test('every open dashboard hears about a new call, whichever process ingested it', async () => {
      server = await startCluster(env);
      const { token } = server;
      const me = (await (await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        clinics: { id: number }[];
      };
      const streams = await openStreams(server.url, token, me.clinics[0]!.id, 6);
      await new Promise((resolve) => setTimeout(resolve, 300));

      const callIds: string[] = [];
      for (let i = 0; i < 4; i++) {
        const payload = JSON.parse(readFixture('02-cancellation.json'));
        payload.message.call.id = randomUUID();
        payload.message.assistant.metadata.clinicId = 'zenith-dental-center';
        callIds.push(payload.message.call.id);
        const response = await fetch(`${server.url}/api/v1/webhooks/vapi`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-vapi-secret': VAPI_SECRET, connection: 'close' },
          body: JSON.stringify(payload),
        });
        assert.equal(response.status, 200);
      }
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && streams.received.some((events) => events.length < callIds.length)) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      streams.close();
      for (const events of streams.received) assert.deepEqual(events, callIds);
    });

    test('signing out through one process refuses the token in every process at once, and ends its streams there', async () => {
      const { token } = server;
      const me = () => fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}`, connection: 'close' } });
      // Each new connection goes to the next worker: every process has now cached the user as signed in.
      for (let i = 0; i < 6; i++) assert.equal((await me()).status, 200);
      const clinicId = ((await (await me()).json()) as { clinics: { id: number }[] }).clinics[0]!.id;
      const opened = await Promise.all(
        Array.from({ length: 4 }, () =>
          fetch(`${server.url}/api/v1/call-logs/by-clinic/${clinicId}/stream?access_token=${token}`, { headers: { connection: 'close' } }),
        ),
      );
      const streams = opened.map((response) => response.text());

      const logout = await fetch(`${server.url}/api/v1/auth/logout`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, connection: 'close' },
      });
      assert.equal(logout.status, 204);
      // At once: within the cache's life, which without the announcement would still accept the token.
      for (let i = 0; i < 6; i++) {
        const response = await me();
        assert.equal(response.status, 401);
        assert.equal(((await response.json()) as { error_key: string }).error_key, 'SESSION_REVOKED');
      }
      for (const text of await Promise.all(streams))
        assert.match(text, /event: session\.ended\nid: \S+\ndata: \{"detail":"[^"]+","error_key":"SESSION_REVOKED"\}\n\n$/);
    });
  });
}
