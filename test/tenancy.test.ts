import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sharedFixture } from './helpers/fixture.js';
import { describeEachDatabase, type Harness } from './helpers/harness.js';

/**
 * Staff see their own clinics' calls and nothing else; what they may not see answers exactly like
 * what does not exist. Administrators see everything.
 */

const CLINIC_NOT_FOUND = { detail: 'No such clinic.', error_key: 'CLINIC_NOT_FOUND' };
const CALL_LOG_NOT_FOUND = { detail: 'No such call log.', error_key: 'CALL_LOG_NOT_FOUND' };
const MISSING = 2147483000;

/** Two clinics, a call in each, a staff member of each, and what an admin sees of both calls. */
async function twoClinics(h: Harness) {
  const a = await h.createClinic();
  const b = await h.createClinic();
  const callA = await h.insertCallLog(a.id, {
    caller_first_name: 'Alice',
    caller_last_name: 'Martin',
    summary: 'Shared words: crown',
    status: 'NEW',
    call_started_at: '2026-10-01 09:00:00',
  });
  const callB = await h.insertCallLog(b.id, {
    caller_first_name: 'Bruno',
    caller_last_name: 'Martin',
    summary: 'Shared words: crown',
    status: 'NEW',
    call_started_at: '2026-10-01 10:00:00',
  });
  const staffA = await h.createUser('staff', [a.id]);
  const staffB = await h.createUser('staff', [b.id]);
  const admin = await h.adminToken();
  const viewA = (await h.call({ method: 'GET', url: `/api/v1/call-logs/${callA}`, token: admin })).body;
  const viewB = (await h.call({ method: 'GET', url: `/api/v1/call-logs/${callB}`, token: admin })).body;
  return { a, b, callA, callB, staffA, staffB, admin, viewA, viewB };
}

const listItemOf = (view: Record<string, unknown>) => {
  const {
    id,
    external_call_id,
    caller_first_name,
    caller_last_name,
    caller_phone_number,
    call_started_at,
    reason_for_call,
    status,
    is_existing_patient,
    callback_preference,
    clinic,
    assignee,
    priority,
    callback_due_at,
    callback_attempts,
    last_attempt_at,
    outcome,
    caller_call_count,
  } = view;
  return {
    id,
    external_call_id,
    caller_first_name,
    caller_last_name,
    caller_phone_number,
    call_started_at,
    reason_for_call,
    status,
    is_existing_patient,
    callback_preference,
    clinic,
    assignee,
    priority,
    callback_due_at,
    callback_attempts,
    last_attempt_at,
    outcome,
    caller_call_count,
  };
};

const page = (items: unknown[]) => ({ items, total: items.length, page: 1, limit: 20, pages: items.length ? 1 : 0 });

describeEachDatabase('tenancy', (h) => {
  describe('staff of clinic A cannot list clinic B: the same 404 as a clinic that does not exist', () => {
    const fixture = sharedFixture(() => twoClinics(h));
    test('their own clinic A lists its call', async () => {
      const { a, staffA, viewA } = fixture();
      const own = await h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${a.id}`, token: staffA.token });
      assert.equal(own.status, 200);
      assert.deepEqual(own.body, page([listItemOf(viewA)]));
    });

    for (const query of ['', '?search=martin', '?status[]=New', '?page=2&limit=1']) {
      test(`clinic B${query ? ` with ${query}` : ''}`, async () => {
        const { b, staffA } = fixture();
        const other = await h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${b.id}${query}`, token: staffA.token });
        const missing = await h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${MISSING}${query}`, token: staffA.token });
        assert.equal(other.status, 404, query);
        assert.deepEqual(other.body, CLINIC_NOT_FOUND);
        assert.equal(missing.status, other.status);
        assert.deepEqual(missing.body, other.body);
      });
    }
  });

  describe('a search never reaches into another clinic', () => {
    const fixture = sharedFixture(() => twoClinics(h));
    for (const search of ['martin', 'crown', 'bruno', 'shared words']) {
      test(`search ${JSON.stringify(search)} in clinic A`, async () => {
        const { a, staffA, viewA } = fixture();
        const response = await h.call({
          method: 'GET',
          url: `/api/v1/call-logs/by-clinic/${a.id}?search=${encodeURIComponent(search)}`,
          token: staffA.token,
        });
        assert.deepEqual(response.body, page(search === 'bruno' ? [] : [listItemOf(viewA)]), search);
      });
    }
  });

  test('staff of clinic A cannot read a call of clinic B: the same 404 as a call that does not exist', async () => {
    const { callA, callB, staffA, viewA } = await twoClinics(h);
    const own = await h.call({ method: 'GET', url: `/api/v1/call-logs/${callA}`, token: staffA.token });
    assert.equal(own.status, 200);
    assert.deepEqual(own.body, viewA);

    const other = await h.call({ method: 'GET', url: `/api/v1/call-logs/${callB}`, token: staffA.token });
    const missing = await h.call({ method: 'GET', url: `/api/v1/call-logs/${MISSING}`, token: staffA.token });
    assert.equal(other.status, 404);
    assert.deepEqual(other.body, CALL_LOG_NOT_FOUND);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, CALL_LOG_NOT_FOUND);
  });

  describe('staff of clinic A cannot patch a call of clinic B, and nothing is written', () => {
    const rowOf = (id: number) => h.database.db.selectFrom('call_logs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const fixture = sharedFixture(async () => {
      const clinics = await twoClinics(h);
      return { ...clinics, before: await rowOf(clinics.callB) };
    });
    for (const payload of [{ status: 'Done' }, { summary: 'hijacked', caller_first_name: null }, {}]) {
      test(`PATCH ${JSON.stringify(payload)}`, async () => {
        const { callB, staffA, admin, viewB, before } = fixture();
        const other = await h.call({ method: 'PATCH', url: `/api/v1/call-logs/${callB}`, token: staffA.token, payload });
        const missing = await h.call({ method: 'PATCH', url: `/api/v1/call-logs/${MISSING}`, token: staffA.token, payload });
        assert.equal(other.status, 404, JSON.stringify(payload));
        assert.deepEqual(other.body, CALL_LOG_NOT_FOUND);
        assert.equal(missing.status, 404);
        assert.deepEqual(missing.body, CALL_LOG_NOT_FOUND);

        assert.deepEqual((await h.call({ method: 'GET', url: `/api/v1/call-logs/${callB}`, token: admin })).body, viewB);
        assert.deepEqual(await rowOf(callB), before);
        const edits = await h.database.db.selectFrom('call_log_edits').selectAll().where('call_log_id', '=', callB).execute();
        assert.deepEqual(edits, []);
      });
    }
  });

  test('a bad PATCH on another clinic’s call reveals nothing either', async () => {
    const { callB, staffA, viewB, admin } = await twoClinics(h);
    // Validation runs first and says the same for any id: no existence leak through the 422 either.
    const other = await h.call({ method: 'PATCH', url: `/api/v1/call-logs/${callB}`, token: staffA.token, payload: { status: 'Nope' } });
    const missing = await h.call({
      method: 'PATCH',
      url: `/api/v1/call-logs/${MISSING}`,
      token: staffA.token,
      payload: { status: 'Nope' },
    });
    assert.equal(other.status, missing.status);
    assert.deepEqual(other.body, missing.body);
    assert.deepEqual((await h.call({ method: 'GET', url: `/api/v1/call-logs/${callB}`, token: admin })).body, viewB);
  });

  test('staff of B see B’s call and can patch it', async () => {
    const { callB, staffB, viewB } = await twoClinics(h);
    const response = await h.call({ method: 'PATCH', url: `/api/v1/call-logs/${callB}`, token: staffB.token, payload: { status: 'Done' } });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { ...viewB, status: 'Done', updated_at: response.body.updated_at });
    assert.notEqual(response.body.updated_at, null);
  });

  test('a staff member of two clinics sees both, and nothing of a third', async () => {
    const { a, b, callA, callB, viewA, viewB } = await twoClinics(h);
    const c = await h.createClinic();
    const callC = await h.insertCallLog(c.id, { caller_first_name: 'Chloé' });
    const both = await h.createUser('staff', [a.id, b.id]);

    const listA = await h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${a.id}`, token: both.token });
    assert.deepEqual(listA.body, page([listItemOf(viewA)]));
    const listB = await h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${b.id}`, token: both.token });
    assert.deepEqual(listB.body, page([listItemOf(viewB)]));
    assert.deepEqual((await h.call({ method: 'GET', url: `/api/v1/call-logs/${callA}`, token: both.token })).body, viewA);
    assert.deepEqual((await h.call({ method: 'GET', url: `/api/v1/call-logs/${callB}`, token: both.token })).body, viewB);

    const clinics = await h.call({ method: 'GET', url: '/api/v1/clinics', token: both.token });
    assert.deepEqual(
      [...clinics.body].sort((x: { id: number }, y: { id: number }) => x.id - y.id),
      [a, b].sort((x, y) => x.id - y.id),
    );

    const listC = await h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${c.id}`, token: both.token });
    assert.equal(listC.status, 404);
    assert.deepEqual(listC.body, CLINIC_NOT_FOUND);
    const readC = await h.call({ method: 'GET', url: `/api/v1/call-logs/${callC}`, token: both.token });
    assert.equal(readC.status, 404);
    assert.deepEqual(readC.body, CALL_LOG_NOT_FOUND);
  });

  test('a staff member without clinics sees nothing', async () => {
    const { a, callA } = await twoClinics(h);
    const nobody = await h.createUser('staff', []);
    assert.deepEqual((await h.call({ method: 'GET', url: '/api/v1/clinics', token: nobody.token })).body, []);
    const list = await h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${a.id}`, token: nobody.token });
    assert.equal(list.status, 404);
    assert.deepEqual(list.body, CLINIC_NOT_FOUND);
    const read = await h.call({ method: 'GET', url: `/api/v1/call-logs/${callA}`, token: nobody.token });
    assert.equal(read.status, 404);
    assert.deepEqual(read.body, CALL_LOG_NOT_FOUND);
  });

  describe('an admin sees every clinic’s calls, without being a member', () => {
    const fixture = sharedFixture(async () => ({ ...(await twoClinics(h)), other: await h.createUser('admin', []) }));
    for (const [who, tokenOf] of [
      ['the first admin', () => h.adminToken()],
      ['another admin', async () => fixture().other.token],
    ] as const) {
      test(who, async () => {
        const { a, b, viewA, viewB } = fixture();
        const token = await tokenOf();
        assert.deepEqual(
          (await h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${a.id}`, token })).body,
          page([listItemOf(viewA)]),
        );
        assert.deepEqual(
          (await h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${b.id}`, token })).body,
          page([listItemOf(viewB)]),
        );
        const clinics = (await h.call({ method: 'GET', url: '/api/v1/clinics', token })).body.map((c: { id: number }) => c.id);
        assert.ok(clinics.includes(a.id) && clinics.includes(b.id));
      });
    }
  });

  test('an admin patches any clinic’s call, without being a member', async () => {
    const { callA, callB, viewA, viewB } = await twoClinics(h);
    const other = await h.createUser('admin', []);
    const patched = await h.call({
      method: 'PATCH',
      url: `/api/v1/call-logs/${callA}`,
      token: other.token,
      payload: { status: 'Archived' },
    });
    assert.equal(patched.status, 200);
    assert.deepEqual(patched.body, { ...viewA, status: 'Archived', updated_at: patched.body.updated_at });
    assert.deepEqual((await h.call({ method: 'GET', url: `/api/v1/call-logs/${callB}`, token: other.token })).body, viewB);
  });
});
