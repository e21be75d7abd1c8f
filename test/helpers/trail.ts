import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Harness } from './harness.js';

/** What the trail, notes and callback-attempt tests share: named staff, and a call's trail and notes as the API shows them. */

export const DATETIME_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** A user with a full name (the name the trail and notes show), signed in. */
export async function createNamedUser(h: Harness, fullName: string, role: 'admin' | 'staff', clinicIds: number[]) {
  const email = `${role}-${randomUUID()}@zenicall.test`;
  const password = 'correct horse battery';
  const created = await h.call({
    method: 'POST',
    url: '/api/v1/users',
    token: await h.adminToken(),
    payload: { email, password, role, clinic_ids: clinicIds, full_name: fullName },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { id: created.body.id as number, email, name: fullName, token: await h.login(email, password) };
}

/** GET /call-logs/{id}/activity (one page, answered 200). */
export async function trailOf(h: Harness, callLogId: number, token: string, query = '') {
  const response = await h.call({ method: 'GET', url: `/api/v1/call-logs/${callLogId}/activity${query}`, token });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body as { items: Record<string, unknown>[]; total: number; page: number; limit: number; pages: number };
}

/** The entries with their id and time checked and taken out, so the rest compares as a whole. */
export function withoutIdAndTime(items: Record<string, unknown>[]) {
  return items.map(({ id, at, ...rest }) => {
    assert.ok(Number.isInteger(id), `id ${String(id)}`);
    assert.match(String(at), DATETIME_Z);
    return rest;
  });
}

/** GET /call-logs/{id}/notes (one page, answered 200). */
export async function notesOf(h: Harness, callLogId: number, token: string, query = '') {
  const response = await h.call({ method: 'GET', url: `/api/v1/call-logs/${callLogId}/notes${query}`, token });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body as { items: Record<string, unknown>[]; total: number; page: number; limit: number; pages: number };
}

/** A call's trail as stored (actor, action, parsed changes), oldest first, without the batched `viewed` entries. */
export async function storedTrailOf(h: Harness, callLogId: number) {
  const entries = await h.database.db
    .selectFrom('call_log_activity')
    .select(['actor_user_id', 'actor_name', 'action', 'changes'])
    .where('call_log_id', '=', callLogId)
    // Views are audited in batches, in the background: not what these tests are about.
    .where('action', '<>', 'viewed')
    .orderBy('id')
    .execute();
  return entries.map((entry) => ({ ...entry, changes: entry.changes === null ? null : JSON.parse(entry.changes) }));
}

/** A live event carries the call's list item exactly as the clinic's list shows it. */
export async function assertEventShowsListItem(
  h: Harness,
  event: { event: string; data: unknown },
  clinicId: number,
  callId: number,
  token: string,
) {
  assert.equal(event.event, 'call-log.updated');
  const list = await h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${clinicId}`, token });
  assert.deepEqual(
    event.data,
    list.body.items.find((item: { id: number }) => item.id === callId),
  );
}
