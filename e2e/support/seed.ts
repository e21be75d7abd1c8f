import { clinicCalls, emergencyCall, heleneCote, vapiReport, type DemoCall } from './demo-calls.js';

/**
 * Fills a running Zenicall through its public API only, as an administrator and as Vapi would.
 * The server's first run has already seeded the demo clinic "Zenith Dental Center", whose Vapi
 * clinic keys are `zenith-dental-center`, `maple-grove-dental` and `clinique-plateau`; a second
 * clinic here gets keys of its own.
 */

/** The demo clinic's own Vapi clinic key (routed by the server's first-run seed). */
export const ZENITH_KEY = 'zenith-dental-center';
/** How Ava names the demo clinic when she answers in French. */
export const ZENITH_SPOKEN_FR = 'au Centre dentaire Zenith';

export const LAKESHORE = { name: 'Lakeshore Family Dentistry', key: 'lakeshore-family-dentistry' };
export const LAKESHORE_STAFF = { email: 'reception@lakeshore-dental.example', password: 'front-desk-2026', fullName: 'Julie Martin' };

export async function api<T>(
  baseUrl: string,
  path: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function signInToken(baseUrl: string, email: string, password: string): Promise<string> {
  const { access_token } = await api<{ access_token: string }>(baseUrl, '/auth/login', { method: 'POST', body: { email, password } });
  return access_token;
}

/** Delivers one end-of-call report to the Vapi webhook, as Vapi does; returns the stored call log's id. */
export async function deliverCall(baseUrl: string, vapiSecret: string, call: DemoCall): Promise<number> {
  const ack = await api<{ status: string; call_log_id?: number }>(baseUrl, '/webhooks/vapi', {
    method: 'POST',
    body: vapiReport(call),
    headers: { 'x-vapi-secret': vapiSecret },
  });
  if (ack.status !== 'processed' || ack.call_log_id === undefined) {
    throw new Error(`call ${call.callId} was not stored: ${JSON.stringify(ack)}`);
  }
  return ack.call_log_id;
}

/** A clinic whose Vapi reports carry `metadata.clinicId = key`. */
export async function addClinic(baseUrl: string, adminToken: string, name: string, key: string): Promise<{ id: number; name: string }> {
  const clinic = await api<{ id: number; name: string }>(baseUrl, '/clinics', { method: 'POST', token: adminToken, body: { name } });
  await api(baseUrl, `/clinics/${clinic.id}/vapi-routes`, { method: 'POST', token: adminToken, body: { type: 'clinic_key', value: key } });
  return clinic;
}

export async function addStaff(
  baseUrl: string,
  adminToken: string,
  staff: { email: string; password: string; fullName: string },
  clinicIds: number[],
): Promise<void> {
  await api(baseUrl, '/users', {
    method: 'POST',
    token: adminToken,
    body: { email: staff.email, password: staff.password, full_name: staff.fullName, role: 'staff', clinic_ids: clinicIds },
  });
}

/** A second clinic with its own front-desk member and a few calls of its own. */
export async function seedLakeshore(baseUrl: string, adminToken: string, vapiSecret: string, now = new Date()) {
  const clinic = await addClinic(baseUrl, adminToken, LAKESHORE.name, LAKESHORE.key);
  await addStaff(baseUrl, adminToken, LAKESHORE_STAFF, [clinic.id]);
  const calls = clinicCalls(LAKESHORE.key, 6, now, 10, 2);
  for (const call of calls) await deliverCall(baseUrl, vapiSecret, call);
  return { clinic, staff: LAKESHORE_STAFF, calls };
}

// `npx tsx e2e/support/seed.ts http://127.0.0.1:8000` adds Mrs Côté, an emergency and a second clinic
// to a running demo server, for trying the page by hand (use the admin and Vapi secret it runs with).
if (import.meta.url === `file://${process.argv[1]}`) {
  const baseUrl = process.argv[2] ?? 'http://127.0.0.1:8000';
  const vapiSecret = process.env.ZENICALL_VAPI_SECRET ?? 'dev-vapi-secret';
  const token = await signInToken(
    baseUrl,
    process.env.ZENICALL_ADMIN_EMAIL ?? 'admin@example.com',
    process.env.ZENICALL_ADMIN_PASSWORD ?? 'admin-password',
  );
  const now = new Date();
  await deliverCall(baseUrl, vapiSecret, heleneCote(ZENITH_KEY, new Date(now.getTime() - 50 * 60_000), ZENITH_SPOKEN_FR));
  await deliverCall(baseUrl, vapiSecret, emergencyCall(ZENITH_KEY, new Date(now.getTime() - 12 * 60_000), String(now.getTime())));
  const lakeshore = await seedLakeshore(baseUrl, token, vapiSecret, now);
  console.log(JSON.stringify({ clinic: lakeshore.clinic, staff: lakeshore.staff, calls: lakeshore.calls.length }));
}
