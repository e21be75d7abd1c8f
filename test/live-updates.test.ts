import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { before, test } from 'node:test';
import { buildApp } from '../src/app.js';
import { readServerSentEvents, type ServerSentEvent } from './helpers/event-stream.js';
import { describeEachDatabase } from './helpers/harness.js';
import { VAPI_SECRET, readFixture } from './helpers/vapi.js';

/**
 * Opens the clinic's event stream on a real port, on a connection of its own (node:http without an
 * agent: fetch's pool may leave a connected socket with no request on it, which holds up the
 * server's close until its header timeout). `next()` hands back the events as they come.
 */
async function openStream(baseUrl: string, clinicId: number, auth: { header?: string; query?: string; lastEventId?: string }) {
  const url = `${baseUrl}/api/v1/call-logs/by-clinic/${clinicId}/stream${auth.query ? `?access_token=${auth.query}` : ''}`;
  const request = httpGet(url, {
    agent: false,
    headers: {
      ...(auth.header ? { authorization: `Bearer ${auth.header}` } : {}),
      ...(auth.lastEventId !== undefined ? { 'last-event-id': auth.lastEventId } : {}),
    },
  });
  const response = await new Promise<IncomingMessage>((resolve, reject) => request.once('response', resolve).once('error', reject));
  response.setEncoding('utf8');
  const { next, remainder } = readServerSentEvents(response[Symbol.asyncIterator]() as AsyncIterator<string>);
  /** The next event that is not a heartbeat. */
  const nextNews = async (): Promise<ServerSentEvent> => {
    for (;;) {
      const event = await next();
      if (event.event !== 'heartbeat') return event;
    }
  };
  /** Resolves once the server has finished the response, with the events it still sent. */
  const rest = async (): Promise<ServerSentEvent[]> => {
    const events: ServerSentEvent[] = [];
    for (;;) {
      try {
        events.push(await next());
      } catch (error) {
        if ((error as Error).message === 'stream ended') return events;
        throw error;
      }
    }
  };
  /** An error answer's JSON body. */
  const json = async (): Promise<unknown> => JSON.parse(await remainder());
  return { status: response.statusCode, headers: response.headers, next, nextNews, rest, json, close: () => request.destroy() };
}

/** `<epoch>-<number>`: which server process and run numbered the event, and where it stands. */
const EVENT_ID = /^[0-9a-f]{12}-\d+$/;

/** The per-user cap and heartbeat of these tests: small, so that reaching them takes a moment. */
const PER_USER = 3;
const HEARTBEAT_SECONDS = 1;

describeEachDatabase(
  'live updates',
  (h) => {
    let baseUrl: string;
    before(async () => {
      baseUrl = await h.app.listen({ port: 0, host: '127.0.0.1' });
    });

    test('a clinic’s stream carries new calls from the webhook and other staff’s changes', { timeout: 20_000 }, async () => {
      const clinic = await h.createClinic();
      const key = `clinic-${randomUUID()}`;
      await h.call({
        method: 'POST',
        url: `/api/v1/clinics/${clinic.id}/vapi-routes`,
        token: await h.adminToken(),
        payload: { type: 'clinic_key', value: key },
      });
      const watcher = await h.createUser('staff', [clinic.id]);
      const colleague = await h.createUser('staff', [clinic.id]);
      const stream = await openStream(baseUrl, clinic.id, { query: watcher.token });
      assert.equal(stream.status, 200);
      assert.match(stream.headers['content-type']!, /^text\/event-stream/);
      const ready = await stream.nextNews();
      assert.deepEqual(ready.data, { heartbeat_seconds: 1, resumed: false });

      const payload = JSON.parse(readFixture('04-emergency-toothache.json'));
      payload.message.assistant.metadata.clinicId = key;
      /** The report as a new call (a call id of its own). */
      const deliverNewCall = async () => {
        payload.message.call.id = randomUUID();
        const delivery = await h.call({
          method: 'POST',
          url: '/api/v1/webhooks/vapi',
          payload: JSON.stringify(payload),
          headers: { 'content-type': 'application/json', 'x-vapi-secret': VAPI_SECRET },
        });
        assert.equal(delivery.status, 200);
        return delivery;
      };
      const delivery = await deliverNewCall();
      const created = await stream.nextNews();
      assert.equal(created.event, 'call-log.created');
      assert.match(created.id!, EVENT_ID);
      assert.notEqual(created.id, ready.id);
      assert.deepEqual(created.data, {
        id: delivery.body.call_log_id,
        external_call_id: payload.message.call.id,
        caller_first_name: 'Aisha',
        caller_last_name: 'Mohammed',
        caller_phone_number: '+14165550186',
        call_started_at: '2026-10-07T02:27:12Z',
        reason_for_call: 'Emergency',
        status: 'New',
        is_existing_patient: true,
        callback_preference: 'Anytime',
        clinic,
        assignee: null,
        // An emergency: due 15 minutes after the call ended (02:28:40).
        priority: 'Urgent',
        callback_due_at: '2026-10-07T02:43:40Z',
        callback_attempts: 0,
        last_attempt_at: null,
        outcome: null,
        caller_call_count: 1,
      });

      await h.call({
        method: 'PATCH',
        url: `/api/v1/call-logs/${delivery.body.call_log_id}`,
        token: colleague.token,
        payload: { status: 'In Progress' },
      });
      const updated = await stream.nextNews();
      assert.equal(updated.event, 'call-log.updated');
      assert.equal(updated.data.id, delivery.body.call_log_id);
      assert.equal(updated.data.status, 'In Progress');

      // The same caller again: the new call's event counts both calls.
      const again = await deliverNewCall();
      const repeat = await stream.nextNews();
      assert.equal(repeat.event, 'call-log.created');
      assert.equal(repeat.data.id, again.body.call_log_id);
      assert.equal(repeat.data.caller_call_count, 2);
      stream.close();
    });

    test('the stream is authenticated and tenant-checked', async () => {
      const clinic = await h.createClinic();
      const other = await h.createClinic();
      const staff = await h.createUser('staff', [clinic.id]);
      const noToken = await fetch(`${baseUrl}/api/v1/call-logs/by-clinic/${clinic.id}/stream`);
      assert.equal(noToken.status, 401);
      assert.equal((await noToken.json()).error_key, 'NOT_AUTHENTICATED');
      const foreign = await fetch(`${baseUrl}/api/v1/call-logs/by-clinic/${other.id}/stream`, {
        headers: { authorization: `Bearer ${staff.token}` },
      });
      assert.equal(foreign.status, 404);
      assert.equal((await foreign.json()).error_key, 'CLINIC_NOT_FOUND');
      // Only the stream takes a token in its URL.
      const list = await fetch(`${baseUrl}/api/v1/call-logs/by-clinic/${clinic.id}?access_token=${staff.token}`);
      assert.equal(list.status, 401);
      const own = await openStream(baseUrl, clinic.id, { header: staff.token });
      assert.equal(own.status, 200);
      own.close();
    });

    /** Every event the stream sends before it ends, leaving out heartbeats. */
    const news = (events: ServerSentEvent[]) => events.filter((e) => e.event !== 'heartbeat').map((e) => [e.event, e.data]);
    const setStatus = (callLogId: number, status: string) =>
      h.adminToken().then((token) => h.call({ method: 'PATCH', url: `/api/v1/call-logs/${callLogId}`, token, payload: { status } }));

    test(
      'the stream says when it is open, then sends a heartbeat every heartbeat_seconds, each with an id',
      { timeout: 20_000 },
      async () => {
        const clinic = await h.createClinic();
        const staff = await h.createUser('staff', [clinic.id]);
        const stream = await openStream(baseUrl, clinic.id, { header: staff.token });
        const ready = await stream.next();
        assert.deepEqual([ready.event, ready.data], ['ready', { heartbeat_seconds: HEARTBEAT_SECONDS, resumed: false }]);
        assert.match(ready.id!, EVENT_ID);
        const beats = [await stream.next(), await stream.next()];
        assert.deepEqual(
          beats.map((e) => [e.event, e.data]),
          [
            ['heartbeat', {}],
            ['heartbeat', {}],
          ],
        );
        for (const beat of beats) assert.match(beat.id!, EVENT_ID);
        stream.close();
      },
    );

    test('a reconnection with Last-Event-ID gets exactly the clinic’s events it missed, then carries on', { timeout: 20_000 }, async () => {
      const clinic = await h.createClinic();
      const other = await h.createClinic();
      const staff = await h.createUser('staff', [clinic.id]);
      const [first, second, elsewhere] = await Promise.all([
        h.insertCallLog(clinic.id),
        h.insertCallLog(clinic.id),
        h.insertCallLog(other.id),
      ]);

      const before = await openStream(baseUrl, clinic.id, { header: staff.token });
      await before.nextNews();
      await setStatus(first, 'In Progress');
      const seen = await before.nextNews();
      assert.deepEqual([seen.event, seen.data.id, seen.data.status], ['call-log.updated', first, 'In Progress']);
      before.close();

      // While the tab is disconnected: two changes in its clinic, one in another.
      await setStatus(second, 'Done');
      await setStatus(elsewhere, 'Done');
      await setStatus(first, 'Done');

      const after = await openStream(baseUrl, clinic.id, { header: staff.token, lastEventId: seen.id });
      const replayed = [await after.nextNews(), await after.nextNews(), await after.nextNews()];
      assert.deepEqual(
        replayed.map((e) => [e.event, e.data.id, e.data.status]),
        [
          ['call-log.updated', second, 'Done'],
          ['call-log.updated', first, 'Done'],
          ['ready', undefined, undefined],
        ],
      );
      assert.deepEqual(replayed[2]!.data, { heartbeat_seconds: HEARTBEAT_SECONDS, resumed: true });
      const numbers = [seen, ...replayed.slice(0, 2)].map((e) => Number(e.id!.split('-')[1]));
      assert.ok(numbers[0]! < numbers[1]! && numbers[1]! < numbers[2]!, `ids grow: ${numbers.join(', ')}`);

      await setStatus(second, 'Archived');
      const live = await after.nextNews();
      assert.deepEqual([live.event, live.data.id, live.data.status], ['call-log.updated', second, 'Archived']);
      after.close();
    });

    test('a Last-Event-ID the server cannot resume from gets `resync`: the client must refetch', { timeout: 20_000 }, async () => {
      const clinic = await h.createClinic();
      const staff = await h.createUser('staff', [clinic.id]);
      const probe = await openStream(baseUrl, clinic.id, { header: staff.token });
      const { id } = await probe.nextNews();
      probe.close();
      const [epoch, number] = id!.split('-');
      for (const lastEventId of ['0123456789ab-1', `${epoch}-${Number(number) + 1000}`, 'not-an-id', '']) {
        const stream = await openStream(baseUrl, clinic.id, { header: staff.token, lastEventId });
        const events = [await stream.nextNews(), await stream.nextNews()];
        assert.deepEqual(
          events.map((e) => [e.event, e.data]),
          [
            ['resync', {}],
            ['ready', { heartbeat_seconds: HEARTBEAT_SECONDS, resumed: false }],
          ],
          `Last-Event-ID: ${lastEventId}`,
        );
        stream.close();
      }
    });

    test(
      'closing the server ends its streams (`end`, then the connection closes); the next process asks for a resync',
      { timeout: 20_000 },
      async () => {
        const clinic = await h.createClinic();
        const staff = await h.createUser('staff', [clinic.id]);
        // A second server process on the same database and secret: the one about to be stopped.
        const old = await buildApp(h.app.config, { database: h.database, logger: false, migrate: false, backgroundJobs: false });
        const oldUrl = await old.listen({ port: 0, host: '127.0.0.1' });
        const stream = await openStream(oldUrl, clinic.id, { header: staff.token });
        await stream.nextNews();

        const closed = old.close();
        const last = await stream.rest();
        assert.deepEqual(news(last), [['end', { reason: 'shutdown' }]]);
        // Would never resolve while a stream held its connection open.
        await closed;

        const resumed = await openStream(baseUrl, clinic.id, { header: staff.token, lastEventId: last.at(-1)!.id });
        assert.deepEqual(
          [await resumed.nextNews(), await resumed.nextNews()].map((e) => e.event),
          ['resync', 'ready'],
        );
        resumed.close();
      },
    );

    test(
      'one user holds at most ZENICALL_STREAMS_PER_USER streams: more are refused with 429 and Retry-After',
      { timeout: 20_000 },
      async () => {
        const clinic = await h.createClinic();
        const staff = await h.createUser('staff', [clinic.id]);
        const colleague = await h.createUser('staff', [clinic.id]);
        const held = await Promise.all(Array.from({ length: PER_USER }, () => openStream(baseUrl, clinic.id, { header: staff.token })));
        assert.deepEqual(
          held.map((s) => s.status),
          held.map(() => 200),
        );

        const refused = await openStream(baseUrl, clinic.id, { header: staff.token });
        assert.equal(refused.status, 429);
        assert.equal(refused.headers['retry-after'], '30');
        assert.deepEqual(await refused.json(), {
          detail: 'Too many live-update streams are open for this account; close another tab or try again later.',
          error_key: 'TOO_MANY_STREAMS',
        });
        // The token in the URL counts the same.
        const byQuery = await openStream(baseUrl, clinic.id, { query: staff.token });
        assert.equal(byQuery.status, 429);
        byQuery.close();
        // The cap is per user: a colleague is not affected.
        const theirs = await openStream(baseUrl, clinic.id, { header: colleague.token });
        assert.equal(theirs.status, 200);

        // A closed tab frees its place as soon as the server sees the connection go.
        held.pop()!.close();
        for (;;) {
          const retry = await openStream(baseUrl, clinic.id, { header: staff.token });
          retry.close();
          if (retry.status === 200) break;
          assert.equal(retry.status, 429);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        for (const stream of [...held, theirs]) stream.close();
      },
    );

    test('app.liveStreams ends the streams it is asked to, with the reason; the others go on', { timeout: 20_000 }, async () => {
      const clinic = await h.createClinic();
      const revoked = await h.createUser('staff', [clinic.id]);
      const colleague = await h.createUser('staff', [clinic.id]);
      const call = await h.insertCallLog(clinic.id);
      const theirs = await openStream(baseUrl, clinic.id, { header: revoked.token });
      const ours = await openStream(baseUrl, clinic.id, { header: colleague.token });
      await Promise.all([theirs.nextNews(), ours.nextNews()]);
      assert.equal(h.app.liveStreams.countFor(revoked.id), 1);
      assert.ok(h.app.liveStreams.count() >= 2);

      assert.equal(
        h.app.liveStreams.endWhere((stream) => stream.userId === revoked.id, 'access-revoked'),
        1,
      );
      assert.deepEqual(news(await theirs.rest()), [['end', { reason: 'access-revoked' }]]);
      assert.equal(h.app.liveStreams.countFor(revoked.id), 0);

      await setStatus(call, 'Done');
      const event = await ours.nextNews();
      assert.deepEqual([event.event, event.data.id], ['call-log.updated', call]);
      ours.close();
    });
  },
  { vapi: { secret: VAPI_SECRET }, liveStreams: { perUser: PER_USER, heartbeatSeconds: HEARTBEAT_SECONDS } },
);
