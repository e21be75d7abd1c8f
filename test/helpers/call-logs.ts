import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { NewCallLog } from '../../src/db/database.js';
import type { Harness } from './harness.js';

/** What the call-log list tests share: a clinic with its staff member, calls and the items the API must show. */

export type Clinic = { id: number; name: string; created_at: string | null; updated_at: string | null };

export const STATUS = { NEW: 'New', IN_PROGRESS: 'In Progress', DONE: 'Done', ARCHIVED: 'Archived' } as const;
export const REASON = {
  NEW_APPOINTMENT: 'New Appointment',
  CANCELLATION: 'Cancellation',
  RESCHEDULE: 'Reschedule',
  GENERAL_MESSAGE: 'General Message',
  EMERGENCY: 'Emergency',
  OTHER: 'Other',
} as const;
export const CALLBACK = { MORNING: 'Morning', AFTERNOON: 'Afternoon', EVENING: 'Evening', ANYTIME: 'Anytime' } as const;

export const DATETIME_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** A clinic, a staff member working there, and the clinic exactly as GET /clinics/{id} shows it. */
export async function setUp(h: Harness) {
  const created = await h.createClinic();
  const staff = await h.createUser('staff', [created.id]);
  const shown = await h.call({ method: 'GET', url: `/api/v1/clinics/${created.id}`, token: staff.token });
  assert.equal(shown.status, 200);
  const clinic = shown.body as Clinic;
  const url = (query = '') => `/api/v1/call-logs/by-clinic/${clinic.id}${query ? `?${query}` : ''}`;
  return { clinic, token: staff.token, url };
}

export type Item = Record<string, unknown> & { id: number; call_started_at: string };

let phonesGiven = 0;
/** A number no other call of the test process has, so each call is its own caller unless a test says otherwise. */
export const uniquePhone = () => `+3314${String(++phonesGiven).padStart(7, '0')}`;

/**
 * Inserts a call and returns the list item the API must show for it. The item's `caller_call_count`
 * is 1: a test that gives several calls one number sets the count it expects.
 */
export async function addCall(h: Harness, clinic: Clinic, values: Partial<NewCallLog> = {}): Promise<Item> {
  const row = {
    external_call_id: `ext-${randomUUID()}`,
    caller_phone_number: uniquePhone(),
    call_started_at: '2026-10-01 09:00:00',
    status: 'NEW' as const,
    ...values,
  };
  const id = await h.insertCallLog(clinic.id, row);
  return {
    id,
    external_call_id: row.external_call_id,
    caller_first_name: row.caller_first_name ?? null,
    caller_last_name: row.caller_last_name ?? null,
    caller_phone_number: row.caller_phone_number,
    call_started_at: `${row.call_started_at.replace(' ', 'T')}Z`,
    reason_for_call: row.reason_for_call ? REASON[row.reason_for_call] : null,
    status: STATUS[row.status],
    is_existing_patient: row.is_existing_patient === undefined || row.is_existing_patient === null ? null : row.is_existing_patient === 1,
    callback_preference: row.callback_preference ? CALLBACK[row.callback_preference] : null,
    clinic,
    // A call inserted behind the app's back: its work row comes from the trigger, with no due time.
    assignee: null,
    priority: row.reason_for_call === 'EMERGENCY' ? 'Urgent' : 'Normal',
    callback_due_at: null,
    callback_attempts: 0,
    last_attempt_at: null,
    outcome: null,
    caller_call_count: 1,
  };
}

/** The API's order: newest first, then the higher id first. */
export const newestFirst = (items: Item[]) =>
  [...items].sort((a, b) => (a.call_started_at === b.call_started_at ? b.id - a.id : a.call_started_at < b.call_started_at ? 1 : -1));

export const onePage = (items: Item[], limit = 20) => ({
  items: newestFirst(items),
  total: items.length,
  page: 1,
  limit,
  pages: Math.ceil(items.length / limit),
});

export function assertValidationError(response: { status: number; body: any }, locs: (string | number)[][]) {
  assert.equal(response.status, 422, JSON.stringify(response.body));
  assert.deepEqual(Object.keys(response.body).sort(), ['detail', 'error_key', 'errors']);
  assert.equal(response.body.error_key, 'VALIDATION_ERROR');
  assert.equal(typeof response.body.detail, 'string');
  assert.deepEqual(
    response.body.errors.map((e: { loc: unknown }) => e.loc),
    locs,
  );
  for (const error of response.body.errors) assert.ok(typeof error.msg === 'string' && error.msg.length > 0);
}

/** A /counts body: the per-status counts, and the work-queue counts (zero unless given). */
export const countsOf = (
  byStatus: Record<'New' | 'In Progress' | 'Done' | 'Archived', number>,
  work: Partial<Record<'mine' | 'unassigned' | 'urgent' | 'overdue' | 'due_today', number>> = {},
) => ({ ...byStatus, mine: 0, unassigned: 0, urgent: 0, overdue: 0, due_today: 0, ...work });

/** GETs `url` (answered 200): its body, and the SQL the answer ran (none of a page's queries when the cache answered). */
export async function getWithQueries(h: Harness, url: string, token: string): Promise<{ body: unknown; queries: string[] }> {
  let body: unknown;
  const queries = await h.queriesDuring(async () => {
    const response = await h.call({ method: 'GET', url, token });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    body = response.body;
  });
  return { body, queries };
}
