import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setUp } from './helpers/call-logs.js';
import { describeEachDatabase } from './helpers/harness.js';

/**
 * A call's work row is kept by the database itself: whoever inserts, updates or deletes a call (the
 * app or another program with SQL), its `call_log_work` row follows, and a change to the work state
 * moves the clinic's version like a change to the call does (cached pages depend on it).
 */
describeEachDatabase('The work row follows its call', (h) => {
  const workRow = (id: number) =>
    h.database.db
      .selectFrom('call_log_work')
      .select([
        'call_log_id',
        'clinic_id',
        'status',
        'call_started_at',
        'assignee_user_id',
        'priority',
        'callback_due_at',
        'callback_attempts',
        'last_attempt_at',
        'outcome',
      ])
      .where('call_log_id', '=', id)
      .executeTakeFirst();
  // The sum of the clinic's stripe versions (migration 014): moves with every write to its calls.
  const version = async (clinicId: number) =>
    Number(
      (
        await h.database.db
          .selectFrom('call_log_versions')
          .select((eb) => eb.fn.sum<number>('version').as('version'))
          .where('clinic_id', '=', clinicId)
          .executeTakeFirst()
      )?.version,
    );
  const fresh = {
    assignee_user_id: null,
    callback_due_at: null,
    callback_attempts: 0,
    last_attempt_at: null,
    outcome: null,
  };

  test('an insert creates the row, Urgent for an emergency and Normal otherwise', async () => {
    const { clinic } = await setUp(h);
    const emergency = await h.insertCallLog(clinic.id, { reason_for_call: 'EMERGENCY', call_started_at: '2026-10-01 09:00:00' });
    const routine = await h.insertCallLog(clinic.id, { reason_for_call: 'RESCHEDULE', call_started_at: '2026-10-02 10:00:00' });
    const unknown = await h.insertCallLog(clinic.id, { status: 'DONE', call_started_at: '2026-10-03 11:00:00' });
    assert.deepEqual(
      { ...(await workRow(emergency)) },
      { call_log_id: emergency, clinic_id: clinic.id, status: 'NEW', call_started_at: '2026-10-01 09:00:00', priority: 1, ...fresh },
    );
    assert.deepEqual(
      { ...(await workRow(routine)) },
      { call_log_id: routine, clinic_id: clinic.id, status: 'NEW', call_started_at: '2026-10-02 10:00:00', priority: 3, ...fresh },
    );
    assert.deepEqual(
      { ...(await workRow(unknown)) },
      { call_log_id: unknown, clinic_id: clinic.id, status: 'DONE', call_started_at: '2026-10-03 11:00:00', priority: 3, ...fresh },
    );
  });

  test('status, start and clinic are mirrored; the work state stays; a delete removes the row', async () => {
    const { clinic } = await setUp(h);
    const other = await h.createClinic();
    const id = await h.insertCallLog(clinic.id, { reason_for_call: 'OTHER' });
    const db = h.database.db;
    await db
      .updateTable('call_log_work')
      .set({ assignee_user_id: 1, priority: 2, callback_due_at: '2026-10-01 10:00:00', outcome: 'BOOKED' })
      .where('call_log_id', '=', id)
      .execute();
    await db
      .updateTable('call_logs')
      .set({ status: 'IN_PROGRESS', call_started_at: '2026-09-30 08:00:00', clinic_id: other.id, summary: 'moved' })
      .where('id', '=', id)
      .execute();
    assert.deepEqual(
      { ...(await workRow(id)) },
      {
        call_log_id: id,
        clinic_id: other.id,
        status: 'IN_PROGRESS',
        call_started_at: '2026-09-30 08:00:00',
        assignee_user_id: 1,
        priority: 2,
        callback_due_at: '2026-10-01 10:00:00',
        callback_attempts: 0,
        last_attempt_at: null,
        outcome: 'BOOKED',
      },
    );
    await db.deleteFrom('call_logs').where('id', '=', id).execute();
    assert.equal(await workRow(id), undefined);
  });

  test('a status change through the API is mirrored', async () => {
    const { clinic, token } = await setUp(h);
    const id = await h.insertCallLog(clinic.id);
    const patched = await h.call({ method: 'PATCH', url: `/api/v1/call-logs/${id}`, token, payload: { status: 'Done' } });
    assert.equal(patched.status, 200);
    assert.equal((await workRow(id))?.status, 'DONE');
  });

  test('a change of work state moves the clinic version; a summary edit alone does not touch the work row', async () => {
    const { clinic } = await setUp(h);
    const id = await h.insertCallLog(clinic.id);
    const db = h.database.db;
    const before = await version(clinic.id);
    await db.updateTable('call_log_work').set({ priority: 1 }).where('call_log_id', '=', id).execute();
    const afterWork = await version(clinic.id);
    assert.ok(afterWork > before);
    // Rewriting the same value moves nothing.
    await db.updateTable('call_log_work').set({ priority: 1 }).where('call_log_id', '=', id).execute();
    assert.equal(await version(clinic.id), afterWork);
    await db.updateTable('call_logs').set({ summary: 'edited' }).where('id', '=', id).execute();
    assert.deepEqual({ ...(await workRow(id)) }.priority, 1);
  });
});
