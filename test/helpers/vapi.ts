import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { sql } from 'kysely';
import type { Harness } from './harness.js';

/** The project's Vapi fixtures (test/fixtures/vapi, described by its README) and what each must store. */
export const VAPI_FIXTURES_DIR = new URL('../fixtures/vapi/', import.meta.url);

export interface ExpectedCase {
  file: string;
  outcome: 'store' | 'duplicate' | 'ignore';
  clinic?: string;
  call_log?: Record<string, unknown>;
}

export interface ExpectedFixtures {
  clinic_seed: Record<string, { phone_number_ids: string[]; assistant_ids: string[] }>;
  cases: ExpectedCase[];
}

export const readExpected = (dir: URL = VAPI_FIXTURES_DIR): ExpectedFixtures =>
  JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8'));

export const readFixture = (file: string, dir: URL = VAPI_FIXTURES_DIR): string => readFileSync(new URL(file, dir), 'utf8');

export const fixtureFiles = (dir: URL = VAPI_FIXTURES_DIR) =>
  readdirSync(dir)
    .filter((name) => /^\d\d-.*\.json$/.test(name))
    .sort();

export const VAPI_SECRET = 'test-vapi-shared-secret';
export const VAPI_HMAC_SECRET = 'test-vapi-hmac-secret';

export function hmacHeaders(body: string, timestamp: string | number = Math.floor(Date.now() / 1000), secret = VAPI_HMAC_SECRET) {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'x-signature': signature, 'x-timestamp': String(timestamp) };
}

export function postVapi(h: Harness, body: string, headers: Record<string, string> = { 'x-vapi-secret': VAPI_SECRET }) {
  return h.call({
    method: 'POST',
    url: '/api/v1/webhooks/vapi',
    payload: body,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** Registers a clinic per key of the seed, with its routes, through the admin API. */
export async function seedRoutedClinics(h: Harness, seed: ExpectedFixtures['clinic_seed']): Promise<Record<string, number>> {
  const token = await h.adminToken();
  const ids: Record<string, number> = {};
  for (const [key, routes] of Object.entries(seed)) {
    const clinic = await h.createClinic(key);
    ids[key] = clinic.id;
    const add = async (type: string, value: string) => {
      const response = await h.call({
        method: 'POST',
        url: `/api/v1/clinics/${clinic.id}/vapi-routes`,
        token,
        payload: { type, value },
      });
      if (response.status !== 201) throw new Error(`route failed: ${JSON.stringify(response.body)}`);
    };
    await add('clinic_key', key);
    for (const id of routes.phone_number_ids) await add('phone_number_id', id);
    for (const id of routes.assistant_ids) await add('assistant_id', id);
  }
  return ids;
}

/** The stored row as the fixtures' expectations describe columns (DECIMAL text, FLOAT read exactly). */
export async function storedCallLog(h: Harness, externalCallId: string) {
  return h.database.db
    .selectFrom('call_logs')
    .selectAll()
    .select(sql<number | null>`CAST(call_duration_seconds AS DOUBLE)`.as('call_duration_seconds'))
    .where('external_call_id', '=', externalCallId)
    .executeTakeFirst();
}

export async function countRows(h: Harness, table: 'call_logs' | 'webhook_events', externalCallId?: string): Promise<number> {
  let query = h.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (externalCallId !== undefined) query = query.where('external_call_id', '=', externalCallId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Compares every column an expectation names, in the expectations' conventions. */
export function assertMatchesExpected(
  assert: typeof import('node:assert/strict'),
  row: Record<string, unknown>,
  expected: Record<string, unknown>,
  context: string,
) {
  for (const [column, want] of Object.entries(expected)) {
    const got = row[column];
    const where = `${context}: ${column}`;
    if (want === null) {
      assert.equal(got, null, where);
    } else if (column === 'call_duration_seconds') {
      assert.ok(Math.abs(Number(got) - Number(want)) < 0.001, `${where}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
    } else if (column === 'cost') {
      // MariaDB hands DECIMAL back as its exact text; SQLite stores the same value as a number.
      if (typeof got === 'string') assert.equal(got, want, where);
      else assert.equal(Number(got), Number(want), where);
    } else if (column === 'full_conversation_json') {
      // Described by its length and roles; the test compares the content with the fixture itself.
      const messages = JSON.parse(String(got)) as { role: string }[];
      const { length, roles } = want as { length: number; roles: string[] };
      assert.equal(messages.length, length, where);
      assert.deepEqual(
        messages.map((m) => m.role),
        roles,
        where,
      );
    } else if (column === 'raw_structured_data') {
      assert.deepEqual(JSON.parse(String(got)), typeof want === 'string' ? JSON.parse(want) : want, where);
    } else if (column === 'is_existing_patient') {
      assert.equal(Number(got), Number(want), where);
    } else {
      assert.equal(got, want, where);
    }
  }
}

/**
 * A fixture's report as a call never seen before (a fresh call id), naming `clinicKey` in its
 * assistant's metadata so routing sends it to that clinic; `change` may alter the message first.
 */
export function freshReport(
  fixture: string,
  clinicKey: string,
  change: (message: any) => void = () => {},
): { body: string; callId: string } {
  const payload = JSON.parse(readFixture(fixture));
  const callId = randomUUID();
  payload.message.call.id = callId;
  payload.message.assistant.metadata.clinicId = clinicKey;
  change(payload.message);
  return { body: JSON.stringify(payload), callId };
}

/** A new clinic, routed by its clinic key: reports naming `clinicKey` (see freshReport) are its calls. */
export async function createClinicRoutedByKey(h: Harness, clinicKey: string): Promise<number> {
  const ids = await seedRoutedClinics(h, { [clinicKey]: { phone_number_ids: [], assistant_ids: [] } });
  return ids[clinicKey]!;
}
