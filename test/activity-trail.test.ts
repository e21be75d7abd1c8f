import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { describeEachDatabase, type Harness } from './helpers/harness.js';
import { assertValidationError } from './helpers/call-logs.js';
import { createNamedUser, notesOf, trailOf, withoutIdAndTime } from './helpers/trail.js';

/**
 * The trail: GET /api/v1/call-logs/{id}/activity (oldest first) and GET /api/v1/clinics/{id}/activity
 * (administrators' review, newest first, filtered), the `viewed` entry every detail read leaves
 * (written in batches, and on close), names that outlive their accounts, and the database's refusal
 * to change or delete an entry or a note.
 */

const detail = (h: Harness, id: number, token: string) => h.call({ method: 'GET', url: `/api/v1/call-logs/${id}`, token });
const clinicTrail = (clinicId: number, query = '') => `/api/v1/clinics/${clinicId}/activity${query}`;

describeEachDatabase('the activity trail', (h) => {
  async function setUp() {
    const clinic = await h.createClinic();
    const staff = await createNamedUser(h, 'Chloé Martin', 'staff', [clinic.id]);
    const callId = await h.insertCallLog(clinic.id, { caller_first_name: 'Ada' });
    return { clinic, staff, callId };
  }

  test('every detail read is recorded as viewed by its reader, oldest first, paged', async () => {
    const { clinic, staff, callId } = await setUp();
    const colleague = await createNamedUser(h, 'Hélène Côté', 'staff', [clinic.id]);
    assert.deepEqual(await trailOf(h, callId, staff.token), { items: [], total: 0, page: 1, limit: 20, pages: 0 });

    assert.equal((await detail(h, callId, staff.token)).status, 200);
    assert.equal((await detail(h, callId, colleague.token)).status, 200);
    assert.equal((await detail(h, callId, staff.token)).status, 200);
    const trail = await trailOf(h, callId, staff.token);
    assert.deepEqual(withoutIdAndTime(trail.items), [
      { call_log_id: callId, actor: { id: staff.id, name: 'Chloé Martin' }, action: 'viewed' },
      { call_log_id: callId, actor: { id: colleague.id, name: 'Hélène Côté' }, action: 'viewed' },
      { call_log_id: callId, actor: { id: staff.id, name: 'Chloé Martin' }, action: 'viewed' },
    ]);
    assert.deepEqual([trail.total, trail.page, trail.limit, trail.pages], [3, 1, 20, 1]);
    const ids = trail.items.map((entry) => entry.id as number);
    assert.deepEqual(
      [...ids].sort((a, b) => a - b),
      ids,
    );
    assert.deepEqual(await trailOf(h, callId, staff.token, '?limit=2&page=2'), {
      items: [trail.items[2]],
      total: 3,
      page: 2,
      limit: 2,
      pages: 2,
    });

    // A failed read (another clinic's staff, a missing call) records nothing.
    const stranger = await createNamedUser(h, 'Someone Else', 'staff', [(await h.createClinic()).id]);
    assert.equal((await detail(h, callId, stranger.token)).status, 404);
    assert.equal((await trailOf(h, callId, staff.token)).total, 3);
  });

  test('entries of every kind come back with their changes parsed; actions without changes have none', async () => {
    const { clinic, staff, callId } = await setUp();
    // What other parts of Zenicall write: a purge by Zenicall itself (no person), a play by a person.
    await h.database.db
      .insertInto('call_log_activity')
      .values([
        {
          call_log_id: callId,
          clinic_id: clinic.id,
          at: '2026-10-01 09:05:00',
          actor_user_id: null,
          actor_name: 'Zenicall retention',
          action: 'retention_purged',
          changes: JSON.stringify({ cleared: ['transcript_text'], retention_days: 30 }),
        },
        {
          call_log_id: callId,
          clinic_id: clinic.id,
          at: '2026-10-01 09:06:00',
          actor_user_id: staff.id,
          actor_name: 'Chloé Martin',
          action: 'recording_played',
          changes: null,
        },
      ])
      .execute();
    const trail = await trailOf(h, callId, staff.token);
    assert.deepEqual(
      trail.items.map(({ id: _id, ...entry }) => entry),
      [
        {
          call_log_id: callId,
          at: '2026-10-01T09:05:00Z',
          actor: null,
          action: 'retention_purged',
          changes: { cleared: ['transcript_text'], retention_days: 30 },
        },
        { call_log_id: callId, at: '2026-10-01T09:06:00Z', actor: { id: staff.id, name: 'Chloé Martin' }, action: 'recording_played' },
      ],
    );
  });

  test('edits of one call sent at once wait for each other: each status change starts where the previous one ended', async () => {
    const { staff, callId } = await setUp();
    const statuses = ['In Progress', 'Done', 'New', 'Archived', 'In Progress', 'Done', 'New', 'Done'];
    const responses = await Promise.all(
      statuses.map((status, i) =>
        h.call({ method: 'PATCH', url: `/api/v1/call-logs/${callId}`, token: staff.token, payload: { status, summary: `edit ${i}` } }),
      ),
    );
    assert.deepEqual(
      responses.map((response) => response.status),
      statuses.map(() => 200),
    );
    const changes = (await trailOf(h, callId, staff.token, '?limit=100')).items
      .filter((entry) => entry.action === 'status_changed')
      .map((entry) => (entry.changes as { status: { from: string; to: string } }).status);
    assert.ok(changes.length > 0);
    changes.forEach((change, i) => assert.equal(change.from, i === 0 ? 'New' : changes[i - 1]!.to, JSON.stringify(changes)));
    const shown = await detail(h, callId, staff.token);
    assert.equal(shown.body.status, changes.at(-1)!.to);
  });

  test('the trail names the actor after the account is removed', async () => {
    const { clinic, callId } = await setUp();
    const leaver = await createNamedUser(h, 'Léa Départ', 'staff', [clinic.id]);
    assert.equal((await detail(h, callId, leaver.token)).status, 200);
    const note = await h.call({
      method: 'POST',
      url: `/api/v1/call-logs/${callId}/notes`,
      token: leaver.token,
      payload: { body: 'Last day.' },
    });
    assert.equal(note.status, 201);
    const admin = await h.adminToken();
    const before = await trailOf(h, callId, admin);
    const notesBefore = await notesOf(h, callId, admin);

    // Removed from the clinic and disabled through the users API…
    const removed = await h.call({ method: 'DELETE', url: `/api/v1/users/${leaver.id}/clinics/${clinic.id}`, token: admin });
    assert.equal(removed.status, 204);
    assert.equal((await h.call({ method: 'POST', url: `/api/v1/users/${leaver.id}/disable`, token: admin })).status, 200);
    // …and the account row itself gone (as another program or a database administrator could do).
    await h.database.db.deleteFrom('users').where('id', '=', leaver.id).execute();

    const after = await trailOf(h, callId, admin);
    assert.deepEqual(after, before);
    assert.deepEqual(withoutIdAndTime(after.items), [
      { call_log_id: callId, actor: { id: leaver.id, name: 'Léa Départ' }, action: 'viewed' },
      {
        call_log_id: callId,
        actor: { id: leaver.id, name: 'Léa Départ' },
        action: 'note_added',
        changes: { note_id: { from: null, to: note.body.id } },
      },
    ]);
    assert.deepEqual(await notesOf(h, callId, admin), notesBefore);
    const review = await h.call({ method: 'GET', url: clinicTrail(clinic.id, `?user_id=${leaver.id}`), token: admin });
    assert.deepEqual(review.body.items, [...after.items].reverse());
  });

  test('views wait in memory and are written when the app closes (a graceful stop loses none)', async () => {
    const { staff, callId } = await setUp();
    // A second server process on the same database, whose views would wait an hour: only closing writes them.
    const other = await buildApp(h.app.config, {
      database: h.database,
      migrate: false,
      backgroundJobs: false,
      logger: false,
      viewAuditFlushMs: 3_600_000,
    });
    let closed = false;
    try {
      const read = await other.inject({
        method: 'GET',
        url: `/api/v1/call-logs/${callId}`,
        headers: { authorization: `Bearer ${staff.token}` },
      });
      assert.equal(read.statusCode, 200);
      assert.equal((await trailOf(h, callId, staff.token)).total, 0);
      await other.close();
      closed = true;
    } finally {
      if (!closed) await other.close();
    }
    assert.deepEqual(withoutIdAndTime((await trailOf(h, callId, staff.token)).items), [
      { call_log_id: callId, actor: { id: staff.id, name: 'Chloé Martin' }, action: 'viewed' },
    ]);
  });

  test('another clinic’s call is a 404, a bad id or paging a 422', async () => {
    const { callId } = await setUp();
    const stranger = await createNamedUser(h, 'Someone Else', 'staff', [(await h.createClinic()).id]);
    for (const id of [callId, 2147483000]) {
      const response = await h.call({ method: 'GET', url: `/api/v1/call-logs/${id}/activity`, token: stranger.token });
      assert.deepEqual([response.status, response.body], [404, { detail: 'No such call log.', error_key: 'CALL_LOG_NOT_FOUND' }]);
    }
    assertValidationError(await h.call({ method: 'GET', url: '/api/v1/call-logs/abc/activity', token: stranger.token }), [
      ['path', 'call_log_id'],
    ]);
    assertValidationError(await h.call({ method: 'GET', url: `/api/v1/call-logs/${callId}/activity?limit=500`, token: stranger.token }), [
      ['query', 'limit'],
    ]);
    const anonymous = await h.call({ method: 'GET', url: `/api/v1/call-logs/${callId}/activity` });
    assert.deepEqual([anonymous.status, anonymous.body.error_key], [401, 'NOT_AUTHENTICATED']);
  });
});

describeEachDatabase('the clinic’s trail for review', (h) => {
  test('administrators filter by person, kind and period; newest first; other clinics’ entries never show', async () => {
    const clinic = await h.createClinic();
    const anna = await createNamedUser(h, 'Anna', 'staff', [clinic.id]);
    const bob = await createNamedUser(h, 'Bob', 'staff', [clinic.id]);
    const first = await h.insertCallLog(clinic.id);
    const second = await h.insertCallLog(clinic.id);
    const otherClinic = await h.createClinic();
    const elsewhere = await h.insertCallLog(otherClinic.id);
    const entry = (callLogId: number, clinicId: number, at: string, actor: { id: number; name: string }, action: string) => ({
      call_log_id: callLogId,
      clinic_id: clinicId,
      at,
      actor_user_id: actor.id,
      actor_name: actor.name,
      action,
      changes: null,
    });
    await h.database.db
      .insertInto('call_log_activity')
      .values([
        entry(first, clinic.id, '2026-11-01 08:00:00', anna, 'viewed'),
        entry(first, clinic.id, '2026-11-01 09:00:00', bob, 'viewed'),
        entry(second, clinic.id, '2026-11-02 10:00:00', anna, 'recording_played'),
        entry(second, clinic.id, '2026-11-03 11:00:00', anna, 'viewed'),
        entry(elsewhere, otherClinic.id, '2026-11-02 10:00:00', anna, 'viewed'),
      ])
      .execute();
    const admin = await h.adminToken();
    const review = async (query = '') => {
      const response = await h.call({ method: 'GET', url: clinicTrail(clinic.id, query), token: admin });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body;
    };
    const shown = (callLogId: number, at: string, actor: { id: number; name: string }, action: string) => ({
      call_log_id: callLogId,
      at,
      actor: { id: actor.id, name: actor.name },
      action,
    });
    const all = await review();
    assert.deepEqual(
      all.items.map(({ id: _id, ...rest }: Record<string, unknown>) => rest),
      [
        shown(second, '2026-11-03T11:00:00Z', anna, 'viewed'),
        shown(second, '2026-11-02T10:00:00Z', anna, 'recording_played'),
        shown(first, '2026-11-01T09:00:00Z', bob, 'viewed'),
        shown(first, '2026-11-01T08:00:00Z', anna, 'viewed'),
      ],
    );
    assert.deepEqual([all.total, all.page, all.limit, all.pages], [4, 1, 20, 1]);
    const [latest, played, bobViewed, earliest] = all.items;

    assert.deepEqual(await review(`?user_id=${anna.id}`), { items: [latest, played, earliest], total: 3, page: 1, limit: 20, pages: 1 });
    assert.deepEqual(await review('?action=viewed'), { items: [latest, bobViewed, earliest], total: 3, page: 1, limit: 20, pages: 1 });
    assert.deepEqual(await review(`?user_id=${anna.id}&action=viewed&limit=1&page=2`), {
      items: [earliest],
      total: 2,
      page: 2,
      limit: 1,
      pages: 2,
    });
    // `from` is inclusive, `to` exclusive; any offset is read as the instant it names.
    assert.deepEqual(await review('?from=2026-11-01T09:00:00Z&to=2026-11-03T11:00:00Z'), {
      items: [played, bobViewed],
      total: 2,
      page: 1,
      limit: 20,
      pages: 1,
    });
    assert.deepEqual(await review('?from=2026-11-02T11:00:00%2B01:00'), {
      items: [latest, played],
      total: 2,
      page: 1,
      limit: 20,
      pages: 1,
    });
    assert.deepEqual(await review(`?user_id=${bob.id}&action=recording_played`), { items: [], total: 0, page: 1, limit: 20, pages: 0 });
  });

  test('staff get 403 as on every administrators’ route; unknown clinics 404; bad filters 422', async () => {
    const clinic = await h.createClinic();
    const staff = await createNamedUser(h, 'Desk', 'staff', [clinic.id]);
    const asStaff = await h.call({ method: 'GET', url: clinicTrail(clinic.id), token: staff.token });
    assert.deepEqual([asStaff.status, asStaff.body], [403, { detail: 'Only an administrator may do this.', error_key: 'FORBIDDEN' }]);
    const retention = await h.call({ method: 'GET', url: `/api/v1/clinics/${clinic.id}/retention`, token: staff.token });
    assert.deepEqual(asStaff.body, retention.body);
    const admin = await h.adminToken();
    const unknown = await h.call({ method: 'GET', url: clinicTrail(2147483000), token: admin });
    assert.deepEqual([unknown.status, unknown.body.error_key], [404, 'CLINIC_NOT_FOUND']);
    const anonymous = await h.call({ method: 'GET', url: clinicTrail(clinic.id) });
    assert.deepEqual([anonymous.status, anonymous.body.error_key], [401, 'NOT_AUTHENTICATED']);

    const bad = async (query: string, locs: string[][]) =>
      assertValidationError(await h.call({ method: 'GET', url: clinicTrail(clinic.id, query), token: admin }), locs);
    await bad('?action=deleted', [['query', 'action']]);
    await bad('?user_id=0', [['query', 'user_id']]);
    await bad('?user_id=me', [['query', 'user_id']]);
    await bad('?from=yesterday', [['query', 'from']]);
    await bad('?to=2026-13-01T00:00:00Z', [['query', 'to']]);
    await bad('?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', [['query', 'to']]);
    await bad('?page=0&limit=101', [
      ['query', 'page'],
      ['query', 'limit'],
    ]);
  });
});

describeEachDatabase('the trail and the notes are append-only in the database itself', (h) => {
  test('UPDATE and DELETE in SQL are refused on call_log_activity and call_log_notes, and the rows stay as they were', async () => {
    const clinic = await h.createClinic();
    const staff = await createNamedUser(h, 'Chloé Martin', 'staff', [clinic.id]);
    const callId = await h.insertCallLog(clinic.id);
    const added = await h.call({
      method: 'POST',
      url: `/api/v1/call-logs/${callId}/notes`,
      token: staff.token,
      payload: { body: 'Original.' },
    });
    assert.equal(added.status, 201);
    assert.equal((await detail(h, callId, staff.token)).status, 200);
    await h.app.viewAudit.flush();

    const db = h.database.db;
    const rowsOf = async () => ({
      activity: await sql`SELECT * FROM call_log_activity WHERE call_log_id = ${callId} ORDER BY id`.execute(db).then((r) => r.rows),
      notes: await sql`SELECT * FROM call_log_notes WHERE call_log_id = ${callId} ORDER BY id`.execute(db).then((r) => r.rows),
    });
    const before = await rowsOf();
    assert.equal(before.activity.length, 2);
    assert.equal(before.notes.length, 1);

    const attempts = [
      sql`UPDATE call_log_activity SET actor_name = 'Nobody', action = 'viewed' WHERE call_log_id = ${callId}`,
      sql`UPDATE call_log_activity SET changes = NULL`,
      sql`DELETE FROM call_log_activity WHERE call_log_id = ${callId}`,
      sql`DELETE FROM call_log_activity`,
      sql`UPDATE call_log_notes SET body = 'Rewritten.' WHERE call_log_id = ${callId}`,
      sql`DELETE FROM call_log_notes WHERE call_log_id = ${callId}`,
      sql`DELETE FROM call_log_notes`,
    ];
    for (const statement of attempts) {
      await assert.rejects(statement.execute(db), /append-only/, statement.compile(db).sql);
    }
    // Inside a transaction too: refused, and nothing of it stays.
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await sql`DELETE FROM call_log_notes WHERE call_log_id = ${callId}`.execute(trx);
      }),
      /append-only/,
    );
    assert.deepEqual(await rowsOf(), before);
    assert.deepEqual((await notesOf(h, callId, staff.token)).items, [added.body]);
  });
});
