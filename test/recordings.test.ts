import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createRecordingLinks } from '../src/modules/recordings/links.js';
import { describeEachDatabase } from './helpers/harness.js';
import { startRecordingUpstream, tinyWav, type RecordingUpstream } from './helpers/recording-upstream.js';
import { VAPI_FIXTURES_DIR, VAPI_SECRET, postVapi } from './helpers/vapi.js';

/**
 * Recordings behind the door: the provider's recording URL never reaches a browser; the call's detail
 * carries a short-lived link on our origin, signed for the user who asked, which streams the
 * recording (byte ranges included, so a player can seek) only while that user still works for the
 * clinic, and writes each play start to the call's append-only activity trail.
 */

const WAV = tinyWav(1.5);

describeEachDatabase(
  'recordings',
  (h) => {
    let upstream: RecordingUpstream;
    let clinicId: number;
    let staff: { token: string; id: number; email: string };
    before(async () => {
      upstream = await startRecordingUpstream({ '/rec/call.wav': WAV });
      clinicId = (await h.createClinic()).id;
      staff = await h.createUser('staff', [clinicId]);
    });
    after(() => upstream.close());

    /** A call of the clinic whose recording is at `path` on the stand-in storage, and the link its detail gives `token`'s user. */
    async function callWithRecording(path = '/rec/call.wav', token = staff.token) {
      const id = await h.insertCallLog(clinicId, { audio_recording_url: upstream.url(path) });
      const detail = await h.call({ method: 'GET', url: `/api/v1/call-logs/${id}`, token });
      assert.equal(detail.status, 200);
      return { id, link: detail.body.audio_recording_url as string };
    }

    /** Requests a recording link as an `<audio>` element would: no Authorization header. */
    const play = (link: string, range?: string) =>
      h.app.inject({ method: 'GET', url: link, headers: range ? { range } : {} }).then((response) => ({
        status: response.statusCode,
        headers: response.headers,
        bytes: response.rawPayload,
        json: () => response.json<{ detail: string; error_key: string; errors?: { loc: string[] }[] }>(),
      }));

    const plays = async (callLogId: number) =>
      h.database.db
        .selectFrom('call_log_activity')
        .select(['call_log_id', 'clinic_id', 'actor_user_id', 'actor_name', 'action', 'changes'])
        .where('call_log_id', '=', callLogId)
        .where('action', '=', 'recording_played')
        .execute();

    const withParam = (link: string, name: string, value: string) => {
      const url = new URL(link, 'http://zenicall');
      url.searchParams.set(name, value);
      return `${url.pathname}${url.search}`;
    };

    test('the detail carries a signed link on our origin, never the stored URL', async () => {
      const { id, link } = await callWithRecording();
      assert.match(link, new RegExp(`^/api/v1/call-logs/${id}/recording\\?expires=\\d+&user=${staff.id}&signature=[\\w-]{43}$`));
      const expires = Number(new URL(link, 'http://zenicall').searchParams.get('expires'));
      const lifetime = expires - Date.now() / 1000;
      assert.ok(lifetime > 250 && lifetime <= 301, `valid for the configured 300 s, not ${lifetime}`);
      const detail = await h.call({ method: 'GET', url: `/api/v1/call-logs/${id}`, token: staff.token });
      assert.doesNotMatch(JSON.stringify(detail.body), /127\.0\.0\.1|rec\/call\.wav/);
      const patched = await h.call({ method: 'PATCH', url: `/api/v1/call-logs/${id}`, token: staff.token, payload: { status: 'Done' } });
      assert.equal(patched.status, 200);
      assert.doesNotMatch(JSON.stringify(patched.body), /127\.0\.0\.1|rec\/call\.wav/);
      assert.match(patched.body.audio_recording_url, new RegExp(`^/api/v1/call-logs/${id}/recording\\?`));
    });

    test('a call without a recording has no link', async () => {
      const id = await h.insertCallLog(clinicId, { audio_recording_url: null });
      const detail = await h.call({ method: 'GET', url: `/api/v1/call-logs/${id}`, token: staff.token });
      assert.equal(detail.body.audio_recording_url, null);
    });

    test('a delivered report’s recording addresses appear nowhere: not in the detail, not in the webhook inbox', async () => {
      const token = await h.adminToken();
      const fixture = readFileSync(new URL('01-new-patient-booking.json', VAPI_FIXTURES_DIR), 'utf8');
      const route = await h.call({
        method: 'POST',
        url: `/api/v1/clinics/${clinicId}/vapi-routes`,
        token,
        payload: { type: 'clinic_key', value: 'maple-grove-dental' },
      });
      assert.equal(route.status, 201, JSON.stringify(route.body));
      const delivered = await postVapi(h, fixture);
      assert.equal(delivered.status, 200, JSON.stringify(delivered.body));
      const callLogId = delivered.body.call_log_id as number;
      const stored = await h.database.db
        .selectFrom('call_logs')
        .select('audio_recording_url')
        .where('id', '=', callLogId)
        .executeTakeFirstOrThrow();
      assert.match(stored.audio_recording_url!, /^https:\/\/storage\.example\.com\/.*-mono\.wav$/);

      const detail = await h.call({ method: 'GET', url: `/api/v1/call-logs/${callLogId}`, token: staff.token });
      assert.match(detail.body.audio_recording_url, new RegExp(`^/api/v1/call-logs/${callLogId}/recording\\?`));
      const inbox = await h.call({ method: 'GET', url: '/api/v1/webhook-events?limit=100', token });
      const event = (inbox.body.items as { id: number; call_log_id: number | null }[]).find((item) => item.call_log_id === callLogId)!;
      const one = await h.call({ method: 'POST', url: `/api/v1/webhook-events/${event.id}/retry`, token });
      for (const [what, body] of [
        ['detail', detail.body],
        ['inbox page', inbox.body],
        ['retried event', one.body],
      ] as const) {
        const text = JSON.stringify(body);
        assert.doesNotMatch(text, /storage\.example\.com|vapi-recordings|X-Amz-Signature/, `${what} shows a recording address`);
      }
      // The inbox still shows the delivery, with the addresses withheld.
      const artifact = (event as unknown as { body: { message: { artifact: Record<string, unknown> } } }).body.message.artifact;
      assert.equal(artifact.recordingUrl, '[withheld]');
      assert.equal(artifact.transcript !== undefined, true);
    });

    test('the link plays the recording, and a byte range answers 206 with exactly those bytes', async () => {
      const { link } = await callWithRecording();
      const whole = await play(link);
      assert.equal(whole.status, 200);
      assert.equal(whole.headers['content-type'], 'audio/wav');
      assert.equal(whole.headers['accept-ranges'], 'bytes');
      assert.equal(whole.headers['cache-control'], 'private, no-store');
      assert.ok(whole.bytes.equals(WAV), 'the whole file');

      const middle = await play(link, 'bytes=1000-4999');
      assert.equal(middle.status, 206);
      assert.equal(middle.headers['content-range'], `bytes 1000-4999/${WAV.length}`);
      assert.equal(middle.headers['content-length'], '4000');
      assert.equal(middle.headers['accept-ranges'], 'bytes');
      assert.ok(middle.bytes.equals(WAV.subarray(1000, 5000)), 'bytes 1000-4999');

      const tail = await play(link, 'bytes=11000-');
      assert.equal(tail.status, 206);
      assert.equal(tail.headers['content-range'], `bytes 11000-${WAV.length - 1}/${WAV.length}`);
      assert.ok(tail.bytes.equals(WAV.subarray(11000)));
      // The provider saw the player's ranges, not a whole download each time.
      assert.deepEqual(
        upstream.requests.slice(-2).map((r) => r.range),
        ['bytes=1000-4999', 'bytes=11000-'],
      );
    });

    test('each play start is written to the call’s trail, not each chunk a seeking player fetches', async () => {
      const { id, link } = await callWithRecording();
      assert.deepEqual(await plays(id), []);
      assert.equal((await play(link, 'bytes=0-')).status, 206);
      assert.equal((await play(link, 'bytes=4000-')).status, 206);
      assert.equal((await play(link, 'bytes=8000-8999')).status, 206);
      const entry = {
        call_log_id: id,
        clinic_id: clinicId,
        actor_user_id: staff.id,
        actor_name: staff.email,
        action: 'recording_played',
        changes: null,
      };
      assert.deepEqual(await plays(id), [entry]);
      assert.equal((await play(link)).status, 200);
      assert.deepEqual(await plays(id), [entry, entry]);
    });

    test('a link past its time answers 403 RECORDING_LINK_EXPIRED, and nothing is fetched', async () => {
      const { id } = await callWithRecording();
      // A link issued two minutes ago with a one-minute life, by the server's own key.
      const issuedEarlier = createRecordingLinks(h.app.config.jwtSecret, 60, () => Date.now() - 120_000);
      const before = upstream.requests.length;
      const response = await play(issuedEarlier.linkFor(id, { id: staff.id, tokenVersion: 0 }));
      assert.equal(response.status, 403);
      assert.deepEqual(response.json(), {
        detail: 'This recording link has expired: open the call again for a new one.',
        error_key: 'RECORDING_LINK_EXPIRED',
      });
      assert.equal(upstream.requests.length, before);
      assert.deepEqual(await plays(id), []);
    });

    test('a forged or altered link answers 403 RECORDING_LINK_INVALID', async () => {
      const { id, link } = await callWithRecording();
      const other = await h.createUser('staff', [clinicId]);
      const { link: othersLink } = await callWithRecording('/rec/call.wav', other.token);
      const url = new URL(link, 'http://zenicall');
      const signature = url.searchParams.get('signature')!;
      const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
      const otherCall = await h.insertCallLog(clinicId, { audio_recording_url: upstream.url('/rec/call.wav') });
      const forged = {
        'a changed signature': withParam(link, 'signature', flipped),
        'a later expiry': withParam(link, 'expires', String(Number(url.searchParams.get('expires')) + 3600)),
        // Someone else's link, claimed for oneself (or one's own, for someone else).
        'another user’s link with my id': withParam(othersLink, 'user', String(staff.id)),
        'my link for another call': `/api/v1/call-logs/${otherCall}/recording${url.search}`,
        'a link signed with another key': createRecordingLinks('not the server secret at all, 32+ chars', 300).linkFor(id, {
          id: staff.id,
          tokenVersion: 0,
        }),
      };
      for (const [what, forgedLink] of Object.entries(forged)) {
        const response = await play(forgedLink);
        assert.equal(response.status, 403, what);
        assert.equal(response.json().error_key, 'RECORDING_LINK_INVALID', what);
      }
      assert.deepEqual(await plays(id), []);
    });

    test('a link stops playing once its user leaves the clinic, is disabled or is removed', async () => {
      const leaver = await h.createUser('staff', [clinicId]);
      const { link } = await callWithRecording('/rec/call.wav', leaver.token);
      assert.equal((await play(link)).status, 200);

      await h.database.db.deleteFrom('clinic_memberships').where('user_id', '=', leaver.id).execute();
      const left = await play(link);
      assert.equal(left.status, 403);
      assert.deepEqual(left.json(), {
        detail: 'The user this link was issued to no longer works for this clinic.',
        error_key: 'RECORDING_LINK_INVALID',
      });

      await h.database.db.updateTable('users').set({ disabled_at: '2026-12-04 12:00:00' }).where('id', '=', leaver.id).execute();
      const disabled = await play(link);
      assert.equal(disabled.status, 403);
      assert.deepEqual(disabled.json(), {
        detail: 'The user this link was issued to has been disabled.',
        error_key: 'RECORDING_LINK_INVALID',
      });

      await h.database.db.deleteFrom('users').where('id', '=', leaver.id).execute();
      const removed = await play(link);
      assert.equal(removed.status, 403);
      assert.deepEqual(removed.json(), {
        detail: 'The user this link was issued to no longer exists.',
        error_key: 'RECORDING_LINK_INVALID',
      });
    });

    test('signing out voids the links handed out before; a link issued after plays', async () => {
      const leaver = await h.createUser('staff', [clinicId]);
      const { id, link } = await callWithRecording('/rec/call.wav', leaver.token);
      assert.equal((await play(link)).status, 200);

      assert.equal((await h.call({ method: 'POST', url: '/api/v1/auth/logout', token: leaver.token })).status, 204);
      const afterSignOut = await play(link);
      assert.equal(afterSignOut.status, 403);
      assert.deepEqual(afterSignOut.json(), {
        detail: 'This recording link is not valid: open the call again for a new one.',
        error_key: 'RECORDING_LINK_INVALID',
      });

      const signedInAgain = await h.login(leaver.email, 'correct horse battery');
      const fresh = await h.call({ method: 'GET', url: `/api/v1/call-logs/${id}`, token: signedInAgain });
      assert.equal((await play(fresh.body.audio_recording_url as string)).status, 200);
    });

    test('staff of another clinic get no link at all', async () => {
      const { id } = await callWithRecording();
      const outsider = await h.createUser('staff', [(await h.createClinic()).id]);
      const detail = await h.call({ method: 'GET', url: `/api/v1/call-logs/${id}`, token: outsider.token });
      assert.equal(detail.status, 404);
      assert.equal(detail.body.error_key, 'CALL_LOG_NOT_FOUND');
    });

    test('the trail keeps who played a recording after the user is removed', async () => {
      const visitor = await h.createUser('staff', [clinicId]);
      const { id, link } = await callWithRecording('/rec/call.wav', visitor.token);
      assert.equal((await play(link)).status, 200);
      await h.database.db.deleteFrom('clinic_memberships').where('user_id', '=', visitor.id).execute();
      await h.database.db.deleteFrom('users').where('id', '=', visitor.id).execute();
      const [entry] = await plays(id);
      assert.equal(entry?.actor_name, visitor.email);
      assert.equal(entry?.actor_user_id, visitor.id);
    });

    test('the trail refuses UPDATE and DELETE in the database itself', async () => {
      const { id, link } = await callWithRecording();
      assert.equal((await play(link)).status, 200);
      const db = h.database.db;
      await assert.rejects(
        db.updateTable('call_log_activity').set({ actor_name: 'someone else' }).where('call_log_id', '=', id).execute(),
        /append-only/,
      );
      await assert.rejects(db.deleteFrom('call_log_activity').where('call_log_id', '=', id).execute(), /append-only/);
      await assert.rejects(sql`DELETE FROM call_log_activity`.execute(db), /append-only/);
      assert.equal((await plays(id)).length, 1);
      assert.equal((await plays(id))[0]?.actor_name, staff.email);
    });

    test('a call whose recording is gone answers 404 RECORDING_NOT_FOUND', async () => {
      const { id, link } = await callWithRecording('/rec/deleted-by-the-provider.wav');
      const gone = await play(link);
      assert.equal(gone.status, 404);
      assert.deepEqual(gone.json(), { detail: 'The voice provider no longer has this recording.', error_key: 'RECORDING_NOT_FOUND' });
      // The call's recording link was cleared (retention) after the link was handed out.
      await h.database.db.updateTable('call_logs').set({ audio_recording_url: null }).where('id', '=', id).execute();
      const cleared = await play(link);
      assert.equal(cleared.status, 404);
      assert.deepEqual(cleared.json(), { detail: 'This call has no recording.', error_key: 'RECORDING_NOT_FOUND' });
      assert.deepEqual(await plays(id), []);
    });

    test('a range past the end answers 416 RECORDING_RANGE_NOT_SATISFIABLE', async () => {
      const { link } = await callWithRecording();
      const response = await play(link, `bytes=${WAV.length + 10}-`);
      assert.equal(response.status, 416);
      assert.equal(response.json().error_key, 'RECORDING_RANGE_NOT_SATISFIABLE');
    });

    test('storage that fails or cannot be reached answers 502 RECORDING_UNAVAILABLE, not a crash', async () => {
      const { link: failing } = await callWithRecording('/unavailable/call.wav');
      const down = await play(failing);
      assert.equal(down.status, 502);
      assert.deepEqual(down.json(), { detail: 'The voice provider answered 503.', error_key: 'RECORDING_UNAVAILABLE' });

      const closed = await startRecordingUpstream({});
      const unreachableUrl = closed.url('/rec/call.wav');
      await closed.close();
      const id = await h.insertCallLog(clinicId, { audio_recording_url: unreachableUrl });
      const detail = await h.call({ method: 'GET', url: `/api/v1/call-logs/${id}`, token: staff.token });
      const unreachable = await play(detail.body.audio_recording_url);
      assert.equal(unreachable.status, 502);
      assert.deepEqual(unreachable.json(), { detail: 'The voice provider could not be reached.', error_key: 'RECORDING_UNAVAILABLE' });
    });

    test('a link missing its parts is a 422 naming them', async () => {
      const { id } = await callWithRecording();
      const response = await play(`/api/v1/call-logs/${id}/recording?expires=soon`);
      assert.equal(response.status, 422);
      const body = response.json();
      assert.equal(body.error_key, 'VALIDATION_ERROR');
      assert.deepEqual(body.errors!.map((e) => e.loc.join('.')).sort(), ['query.expires', 'query.signature', 'query.user']);
    });
  },
  { vapi: { secret: VAPI_SECRET } },
);
