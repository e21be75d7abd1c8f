import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addCall, assertValidationError, setUp } from './helpers/call-logs.js';
import { describeEachDatabase, type Harness } from './helpers/harness.js';
import { storedTrailOf } from './helpers/trail.js';

/**
 * The work state on every call (list item, detail) and what PATCH does with it: assignment, priority
 * and outcome, each change leaving one entry in the call's trail, named after the user who made it.
 */
describeEachDatabase('Work queue: the call’s work state and PATCH', (h) => {
  const detail = async (id: number, token: string) => {
    const response = await h.call({ method: 'GET', url: `/api/v1/call-logs/${id}`, token });
    assert.equal(response.status, 200);
    return response.body;
  };
  const patch = (id: number, token: string, payload: Record<string, unknown>) =>
    h.call({ method: 'PATCH', url: `/api/v1/call-logs/${id}`, token, payload });
  const trail = (id: number) => storedTrailOf(h, id);

  /** A clinic, a named staff member, a named colleague, and a call. */
  async function scene(h: Harness) {
    const { clinic, token, url } = await setUp(h);
    const me = (await h.call({ method: 'GET', url: '/api/v1/auth/me', token })).body;
    const colleague = await h.createUser('staff', [clinic.id]);
    const item = await addCall(h, clinic, { reason_for_call: 'RESCHEDULE', callback_preference: 'MORNING' });
    return { clinic, token, url, me, colleague, item };
  }

  test('a fresh call: unassigned, Normal, nothing due, no attempt, no outcome; an emergency is Urgent', async () => {
    const { clinic, token, item } = await scene(h);
    const emergency = await addCall(h, clinic, { reason_for_call: 'EMERGENCY', call_started_at: '2026-10-02 09:00:00' });
    const body = await detail(item.id, token);
    assert.deepEqual(
      {
        assignee: body.assignee,
        priority: body.priority,
        callback_due_at: body.callback_due_at,
        callback_attempts: body.callback_attempts,
        last_attempt_at: body.last_attempt_at,
        outcome: body.outcome,
      },
      { assignee: null, priority: 'Normal', callback_due_at: null, callback_attempts: 0, last_attempt_at: null, outcome: null },
    );
    assert.equal((await detail(emergency.id, token)).priority, 'Urgent');
  });

  test('assign, reprioritise and close with an outcome: the detail, the list and the trail show it', async () => {
    const { token, url, me, colleague, item } = await scene(h);
    const before = await detail(item.id, token);
    const colleagueName = colleague.email;

    const assigned = await patch(item.id, token, { assignee_id: colleague.id, priority: 'High' });
    assert.equal(assigned.status, 200);
    // Only the work state changed: the call's own columns, `updated_at` included, stay as they were.
    assert.deepEqual(assigned.body, { ...before, assignee: { id: colleague.id, name: colleagueName }, priority: 'High' });
    assert.deepEqual(await detail(item.id, token), assigned.body);

    const closed = await patch(item.id, token, { status: 'Done', outcome: 'No Action Needed', assignee_id: null });
    assert.equal(closed.status, 200);
    assert.equal(closed.body.status, 'Done');
    assert.deepEqual([closed.body.assignee, closed.body.priority, closed.body.outcome], [null, 'High', 'No Action Needed']);
    const list = await h.call({ method: 'GET', url: url(), token });
    assert.deepEqual(list.body.items, [{ ...item, status: 'Done', priority: 'High', outcome: 'No Action Needed' }]);

    const actor = { actor_user_id: me.id, actor_name: me.full_name ?? me.email };
    assert.deepEqual(await trail(item.id), [
      { ...actor, action: 'assigned', changes: { assignee: { from: null, to: { id: colleague.id, name: colleagueName } } } },
      { ...actor, action: 'priority_changed', changes: { priority: { from: 'Normal', to: 'High' } } },
      { ...actor, action: 'status_changed', changes: { status: { from: 'New', to: 'Done' } } },
      { ...actor, action: 'assigned', changes: { assignee: { from: { id: colleague.id, name: colleagueName }, to: null } } },
      { ...actor, action: 'outcome_set', changes: { outcome: { from: null, to: 'No Action Needed' } } },
    ]);
  });

  test('corrections are one summary_edited entry naming each field; the seed’s PATCH answers as before', async () => {
    const { token, me, item } = await scene(h);
    const response = await patch(item.id, token, {
      summary: 'Wants Thursday',
      reason_for_call: 'Cancellation',
      callback_preference: 'Evening',
      is_existing_patient: true,
    });
    assert.equal(response.status, 200);
    assert.equal(response.body.summary, 'Wants Thursday');
    assert.equal(response.body.reason_for_call, 'Cancellation');
    assert.deepEqual(await trail(item.id), [
      {
        actor_user_id: me.id,
        actor_name: me.full_name ?? me.email,
        action: 'summary_edited',
        changes: {
          summary: { from: null, to: 'Wants Thursday' },
          reason_for_call: { from: 'Reschedule', to: 'Cancellation' },
          callback_preference: { from: 'Morning', to: 'Evening' },
          is_existing_patient: { from: null, to: true },
        },
      },
    ]);
    // The same values again change nothing and write nothing.
    const again = await patch(item.id, token, { summary: 'Wants Thursday', priority: 'Normal', assignee_id: null, outcome: null });
    assert.deepEqual(again.body, response.body);
    assert.equal((await trail(item.id)).length, 1);
  });

  test('an administrator can be assigned a clinic’s call without being a member', async () => {
    const { token, item } = await scene(h);
    const admin = await h.createUser('admin', []);
    const response = await patch(item.id, token, { assignee_id: admin.id });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body.assignee, { id: admin.id, name: admin.email });
  });

  test('an unknown user, one of another clinic or a disabled one: 422 on assignee_id, and nothing written', async () => {
    const { token, item } = await scene(h);
    const elsewhere = await h.createUser('staff', [(await h.createClinic()).id]);
    const disabled = await h.createUser('staff', [(item.clinic as { id: number }).id]);
    const off = await h.call({ method: 'POST', url: `/api/v1/users/${disabled.id}/disable`, token: await h.adminToken() });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    const before = await detail(item.id, token);
    for (const assignee_id of [999_999, elsewhere.id, disabled.id]) {
      const response = await patch(item.id, token, { assignee_id, status: 'Done', summary: 'x', priority: 'Low' });
      assertValidationError(response, [['body', 'assignee_id']]);
    }
    assert.deepEqual(await detail(item.id, token), before);
    assert.deepEqual(await trail(item.id), []);
  });

  test('bad priority or outcome labels: 422 naming the field', async () => {
    const { token, item } = await scene(h);
    assertValidationError(await patch(item.id, token, { priority: 'urgent' }), [['body', 'priority']]);
    assertValidationError(await patch(item.id, token, { outcome: 'Maybe' }), [['body', 'outcome']]);
    assertValidationError(await patch(item.id, token, { priority: null }), [['body', 'priority']]);
    assertValidationError(await patch(item.id, token, { assignee_id: 'me' }), [['body', 'assignee_id']]);
  });

  test('another clinic’s call: 404 whatever the body, and nothing written', async () => {
    const { item } = await scene(h);
    const other = await setUp(h);
    const outsider = (await h.call({ method: 'GET', url: '/api/v1/auth/me', token: other.token })).body;
    for (const payload of [{ assignee_id: outsider.id }, { priority: 'Urgent' }, { outcome: 'Booked' }, { assignee_id: 999_999 }]) {
      const response = await patch(item.id, other.token, payload);
      assert.equal(response.status, 404);
      assert.deepEqual(response.body, { detail: 'No such call log.', error_key: 'CALL_LOG_NOT_FOUND' });
    }
    assert.deepEqual(await trail(item.id), []);
  });
});
