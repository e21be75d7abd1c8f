import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { assertValidationError } from './helpers/call-logs.js';
import { describeEachDatabase } from './helpers/harness.js';
import { storedTrailOf } from './helpers/trail.js';
import { createClinicRoutedByKey, freshReport, postVapi, VAPI_SECRET } from './helpers/vapi.js';

/**
 * Ingestion gives a new call its priority and due time from the clinic's work settings, and a trail
 * entry; the work-settings route shows and changes those settings.
 */
describeEachDatabase(
  'Work queue: ingestion and work settings',
  (h) => {
    const trail = (callLogId: number) => storedTrailOf(h, callLogId);

    async function routedClinic() {
      const key = `clinic-${randomUUID()}`;
      const clinicId = await createClinicRoutedByKey(h, key);
      const staff = await h.createUser('staff', [clinicId]);
      return { key, clinicId, staff };
    }

    const deliver = async (key: string, fixture: string, change?: (message: any) => void) => {
      const report = freshReport(fixture, key, change);
      const response = await postVapi(h, report.body);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return { id: response.body.call_log_id as number, report };
    };

    const workOf = async (id: number, token: string) => {
      const { body } = await h.call({ method: 'GET', url: `/api/v1/call-logs/${id}`, token });
      return {
        assignee: body.assignee,
        priority: body.priority,
        callback_due_at: body.callback_due_at,
        callback_attempts: body.callback_attempts,
        last_attempt_at: body.last_attempt_at,
        outcome: body.outcome,
      };
    };
    const fresh = (priority: string, due: string) => ({
      assignee: null,
      priority,
      callback_due_at: due,
      callback_attempts: 0,
      last_attempt_at: null,
      outcome: null,
    });

    test('each Vapi fixture gets its priority and due time by the default calendar (Paris, weekdays 08:30–18:00)', async () => {
      const { key, staff } = await routedClinic();
      const expected: [string, string, string][] = [
        // Tuesday 15:16 in Paris, wants the morning → Wednesday 08:30.
        ['01-new-patient-booking.json', 'Normal', '2026-10-07T06:30:00Z'],
        // Tuesday 20:44, wants the afternoon → Wednesday 13:00.
        ['02-cancellation.json', 'Normal', '2026-10-07T11:00:00Z'],
        // Wednesday 14:06, anytime, the clinic is open → at once.
        ['03-reschedule.json', 'Normal', '2026-10-07T12:06:48Z'],
        // An emergency: 15 minutes after its end (04:28 at night).
        ['04-emergency-toothache.json', 'Urgent', '2026-10-07T02:43:40Z'],
        // Thursday 17:21, wants the afternoon (until 17:00) → Friday 13:00.
        ['06-french-caller.json', 'Normal', '2026-10-09T11:00:00Z'],
        // Thursday 21:56, no preference → Friday 08:30.
        ['07-unknown-reason-value.json', 'Normal', '2026-10-09T06:30:00Z'],
      ];
      for (const [fixture, priority, due] of expected) {
        const { id } = await deliver(key, fixture);
        assert.deepEqual(await workOf(id, staff.token), fresh(priority, due), fixture);
        assert.deepEqual(await trail(id), [{ actor_user_id: null, actor_name: 'Voice agent', action: 'created', changes: null }], fixture);
      }
    });

    test('the clinic’s own settings decide: Toronto’s morning is not Paris’s', async () => {
      const { key, clinicId, staff } = await routedClinic();
      const settings = await h.call({
        method: 'PUT',
        url: `/api/v1/clinics/${clinicId}/work-settings`,
        token: await h.adminToken(),
        payload: { ...DEFAULTS, time_zone: 'America/Toronto' },
      });
      assert.equal(settings.status, 200, JSON.stringify(settings.body));
      // Tuesday 09:16 in Toronto, inside the morning window: due at once.
      const { id } = await deliver(key, '01-new-patient-booking.json');
      assert.deepEqual(await workOf(id, staff.token), fresh('Normal', '2026-10-06T13:16:11Z'));
    });

    test('a provider update of a stored call: a provider_update entry naming what changed; the work state stays', async () => {
      const { key, staff } = await routedClinic();
      const { id, report } = await deliver(key, '01-new-patient-booking.json');
      const before = await workOf(id, staff.token);
      const again = JSON.parse(report.body);
      again.message.analysis.summary = 'Booked a cleaning for Friday.';
      const response = await postVapi(h, JSON.stringify(again), { 'x-vapi-secret': VAPI_SECRET });
      assert.equal(response.status, 200);
      assert.deepEqual(await workOf(id, staff.token), before);
      const entries = await trail(id);
      assert.deepEqual(
        entries.map((e) => e.action),
        ['created', 'provider_update'],
      );
      assert.deepEqual(entries[1], {
        actor_user_id: null,
        actor_name: 'Voice agent',
        action: 'provider_update',
        changes: { summary: { from: entries[1]!.changes.summary.from, to: 'Booked a cleaning for Friday.' } },
      });
      assert.equal(typeof entries[1].changes.summary.from, 'string');
      // A re-delivery that changes nothing adds nothing.
      await postVapi(h, JSON.stringify(again), { 'x-vapi-secret': VAPI_SECRET });
      assert.equal((await trail(id)).length, 2);
    });

    const DEFAULTS = {
      time_zone: 'Europe/Paris',
      opening_hours: {
        monday: { from: '08:30', to: '18:00' },
        tuesday: { from: '08:30', to: '18:00' },
        wednesday: { from: '08:30', to: '18:00' },
        thursday: { from: '08:30', to: '18:00' },
        friday: { from: '08:30', to: '18:00' },
        saturday: null,
        sunday: null,
      },
      callback_windows: {
        morning: { from: '08:30', to: '12:00' },
        afternoon: { from: '13:00', to: '17:00' },
        evening: { from: '17:00', to: '18:00' },
      },
      retry_minutes: 120,
    };

    test('work settings: defaults for every staff member; an administrator replaces them', async () => {
      const { clinicId, staff } = await routedClinic();
      const url = `/api/v1/clinics/${clinicId}/work-settings`;
      const shown = await h.call({ method: 'GET', url, token: staff.token });
      assert.equal(shown.status, 200);
      assert.deepEqual(shown.body, { clinic_id: clinicId, ...DEFAULTS, updated_at: null });

      const changed = {
        ...DEFAULTS,
        time_zone: 'America/New_York',
        opening_hours: { ...DEFAULTS.opening_hours, saturday: { from: '09:00', to: '12:00' } },
        retry_minutes: 45,
      };
      const put = await h.call({ method: 'PUT', url, token: await h.adminToken(), payload: changed });
      assert.equal(put.status, 200);
      assert.deepEqual(put.body, { clinic_id: clinicId, ...changed, updated_at: put.body.updated_at });
      assert.match(put.body.updated_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      assert.deepEqual((await h.call({ method: 'GET', url, token: staff.token })).body, put.body);
    });

    test('work settings: staff cannot change them; another clinic’s are a 404; bad values are 422 and change nothing', async () => {
      const { clinicId, staff } = await routedClinic();
      const url = `/api/v1/clinics/${clinicId}/work-settings`;
      const admin = await h.adminToken();
      const refused = await h.call({ method: 'PUT', url, token: staff.token, payload: DEFAULTS });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error_key, 'FORBIDDEN');
      const outsider = await h.createUser('staff', [(await h.createClinic()).id]);
      for (const method of ['GET', 'PUT'] as const) {
        const response = await h.call({ method, url, token: outsider.token, ...(method === 'PUT' ? { payload: DEFAULTS } : {}) });
        assert.equal(response.status, method === 'GET' ? 404 : 403);
      }
      const missing = await h.call({ method: 'GET', url: '/api/v1/clinics/999999/work-settings', token: admin });
      assert.deepEqual(missing.body, { detail: 'No such clinic.', error_key: 'CLINIC_NOT_FOUND' });

      const bad: [unknown, (string | number)[][]][] = [
        [{ ...DEFAULTS, time_zone: 'Mars/Olympus' }, [['body', 'time_zone']]],
        [
          { ...DEFAULTS, opening_hours: { ...DEFAULTS.opening_hours, monday: { from: '18:00', to: '08:30' } } },
          [['body', 'opening_hours', 'monday']],
        ],
        [
          { ...DEFAULTS, callback_windows: { ...DEFAULTS.callback_windows, evening: { from: '17:00', to: '17:00' } } },
          [['body', 'callback_windows', 'evening']],
        ],
        [
          { ...DEFAULTS, opening_hours: { ...DEFAULTS.opening_hours, friday: { from: '8:30', to: '18:00' } } },
          [
            // Neither a range (its `from`) nor null (the day).
            ['body', 'opening_hours', 'friday', 'from'],
            ['body', 'opening_hours', 'friday'],
          ],
        ],
        [{ ...DEFAULTS, retry_minutes: 0 }, [['body', 'retry_minutes']]],
      ];
      for (const [payload, locs] of bad) {
        assertValidationError(await h.call({ method: 'PUT', url, token: admin, payload: payload as object }), locs);
      }
      assert.equal((await h.call({ method: 'GET', url, token: staff.token })).body.updated_at, null);
    });
  },
  { vapi: { secret: VAPI_SECRET } },
);
