import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDatabase } from './helpers/harness.js';

/**
 * The people a clinic's calls can be assigned to (the dashboard's assignee menu): the clinic's
 * staff and the administrators, active accounts only; another clinic's staff never appear, and a
 * clinic the user cannot see answers like one that does not exist.
 */

const CLINIC_NOT_FOUND = { detail: 'No such clinic.', error_key: 'CLINIC_NOT_FOUND' };

describeEachDatabase('clinic users', (h) => {
  test('a staff member sees the clinic’s staff and the administrators, by id and name', async () => {
    const clinic = await h.createClinic();
    const other = await h.createClinic();
    const admin = await h.adminToken();
    const adminId = (await h.call({ method: 'GET', url: '/api/v1/auth/me', token: admin })).body.id as number;
    const named = await h.call({
      method: 'POST',
      url: '/api/v1/users',
      token: admin,
      payload: {
        email: `paul-${clinic.id}@clinic.test`,
        password: 'front-desk-1',
        full_name: 'Paul Mercier',
        role: 'staff',
        clinic_ids: [clinic.id],
      },
    });
    const unnamed = await h.createUser('staff', [clinic.id, other.id]);
    const elsewhere = await h.createUser('staff', [other.id]);
    const disabled = await h.createUser('staff', [clinic.id]);
    await h.call({ method: 'POST', url: `/api/v1/users/${disabled.id}/disable`, token: admin });

    const response = await h.call({ method: 'GET', url: `/api/v1/clinics/${clinic.id}/users`, token: unnamed.token });
    assert.equal(response.status, 200);
    const items = response.body.items as { id: number; name: string }[];
    // Other administrators may exist in this database: the ones here are checked, and no one else.
    const admins = (await h.call({ method: 'GET', url: `/api/v1/clinics/${other.id}/users`, token: admin })).body.items.filter(
      (user: { id: number }) => user.id !== unnamed.id && user.id !== elsewhere.id,
    );
    assert.deepEqual(
      items,
      [...admins, { id: named.body.id, name: 'Paul Mercier' }, { id: unnamed.id, name: unnamed.email }].sort((a, b) => a.id - b.id),
    );
    assert.ok(items.some((user) => user.id === adminId));
    assert.ok(!items.some((user) => user.id === elsewhere.id || user.id === disabled.id));
  });

  test('another clinic, or one that does not exist, answers 404; a bad id answers 422', async () => {
    const clinic = await h.createClinic();
    const other = await h.createClinic();
    const staff = await h.createUser('staff', [clinic.id]);
    for (const id of [other.id, 2147483000]) {
      const response = await h.call({ method: 'GET', url: `/api/v1/clinics/${id}/users`, token: staff.token });
      assert.deepEqual([response.status, response.body], [404, CLINIC_NOT_FOUND]);
    }
    const bad = await h.call({ method: 'GET', url: '/api/v1/clinics/abc/users', token: staff.token });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error_key, 'VALIDATION_ERROR');
    const anonymous = await h.call({ method: 'GET', url: `/api/v1/clinics/${clinic.id}/users` });
    assert.equal(anonymous.status, 401);
  });
});
