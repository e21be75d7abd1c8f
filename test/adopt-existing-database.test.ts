import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createConnection, type Connection } from 'mysql2/promise';
import { buildApp } from '../src/app.js';
import { ADMIN, createThrowawayMariaDb, testConfig } from './helpers/harness.js';

/**
 * The user's production database already has `clinics` and `call_logs`, created by the DDL in the
 * original specification (test/fixtures/seed-schema/call_logs.sql). Zenicall must adopt them as they
 * are: rows, columns and indexes untouched.
 */
const mariadbUrl = process.env.TEST_MARIADB_URL;
/** The specification's CREATE TABLE, kept verbatim in the project. */
const SEED_CALL_LOGS_DDL = new URL('./fixtures/seed-schema/call_logs.sql', import.meta.url);

const SEED_INDEXES = [
  'PRIMARY',
  'ix_call_logs_external_call_id',
  'ix_call_logs_caller_phone_number',
  'ix_call_logs_clinic_id',
  'ix_call_logs_id',
  'ix_call_logs_reason_for_call',
  'ix_call_logs_status',
];

function seedCallLogsDdl(): string {
  const text = readFileSync(SEED_CALL_LOGS_DDL, 'utf8');
  const start = text.indexOf('CREATE TABLE `call_logs`');
  return text.slice(start, text.indexOf(';', start));
}

describe('adopting an existing MariaDB database [mariadb]', { skip: !mariadbUrl && 'TEST_MARIADB_URL is not set' }, () => {
  let database: Awaited<ReturnType<typeof createThrowawayMariaDb>>;
  let connection: Connection;
  let app: FastifyInstance;
  let columnsBefore: unknown;
  let indexesBefore: unknown;

  const describeTable = async () =>
    (
      await connection.query(
        `SELECT column_name, column_type, is_nullable, column_default, collation_name
         FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'call_logs'
         ORDER BY ordinal_position`,
      )
    )[0];
  const seedIndexes = async () =>
    (
      await connection.query(
        `SELECT index_name, column_name, non_unique FROM information_schema.statistics
         WHERE table_schema = DATABASE() AND table_name = 'call_logs' AND index_name IN (?)
         ORDER BY index_name, seq_in_index`,
        [SEED_INDEXES],
      )
    )[0];

  before(async () => {
    database = await createThrowawayMariaDb(mariadbUrl!);
    connection = await createConnection({ uri: database.url, dateStrings: true });
    await connection.query(`
      CREATE TABLE clinics (
        id int(11) NOT NULL AUTO_INCREMENT,
        name varchar(255) NOT NULL,
        address varchar(255) DEFAULT NULL,
        created_at datetime DEFAULT current_timestamp(),
        updated_at datetime DEFAULT NULL,
        PRIMARY KEY (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await connection.query(seedCallLogsDdl());
    await connection.query(
      `INSERT INTO clinics (id, name, address, created_at, updated_at)
       VALUES (1, 'Zenith Dental Center', '12 Main St', '2023-01-15 08:00:00', '2023-06-10 12:30:00')`,
    );
    await connection.query(
      `INSERT INTO call_logs (id, clinic_id, external_call_id, caller_first_name, caller_last_name, caller_phone_number,
         is_existing_patient, call_started_at, call_duration_seconds, reason_for_call, status, summary,
         full_conversation_json, cost, created_at)
       VALUES
         (101, 1, 'vapi-call-xyz', 'Jane', 'Doe', '+15551234567', 0, '2023-10-27 09:30:00', 1800.212,
          'NEW_APPOINTMENT', 'NEW', 'Wants a cleaning.', '[{"role":"bot","message":"Hello"}]', 0.18450, '2023-10-27 09:35:00'),
         (102, 1, 'vapi-call-abc', 'Hélène', 'Côté', '+15145550163', 1, '2023-10-26 15:00:00', NULL,
          'EMERGENCY', 'IN_PROGRESS', NULL, NULL, NULL, '2023-10-26 15:05:00')`,
    );
    columnsBefore = await describeTable();
    indexesBefore = await seedIndexes();
    app = await buildApp(testConfig(database.url), { logger: false });
    await app.ready();
  });

  after(async () => {
    await app?.close();
    await connection?.end();
    await database?.drop();
  });

  const login = async () => (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN })).json().access_token as string;

  test('the existing rows are served exactly as stored', async () => {
    const token = await login();
    const page = await app.inject({
      method: 'GET',
      url: '/api/v1/call-logs/by-clinic/1',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(page.statusCode, 200);
    const clinic = {
      id: 1,
      name: 'Zenith Dental Center',
      created_at: '2023-01-15T08:00:00Z',
      updated_at: '2023-06-10T12:30:00Z',
    };
    assert.deepEqual(page.json(), {
      items: [
        {
          id: 101,
          external_call_id: 'vapi-call-xyz',
          caller_first_name: 'Jane',
          caller_last_name: 'Doe',
          caller_phone_number: '+15551234567',
          call_started_at: '2023-10-27T09:30:00Z',
          reason_for_call: 'New Appointment',
          status: 'New',
          is_existing_patient: false,
          callback_preference: null,
          clinic,
          // Calls from before the work queue: still open, so due from their end (the start, when the end is unknown).
          assignee: null,
          priority: 'Normal',
          callback_due_at: '2023-10-27T09:30:00Z',
          callback_attempts: 0,
          last_attempt_at: null,
          outcome: null,
          caller_call_count: 1,
        },
        {
          id: 102,
          external_call_id: 'vapi-call-abc',
          caller_first_name: 'Hélène',
          caller_last_name: 'Côté',
          caller_phone_number: '+15145550163',
          call_started_at: '2023-10-26T15:00:00Z',
          reason_for_call: 'Emergency',
          status: 'In Progress',
          is_existing_patient: true,
          callback_preference: null,
          clinic,
          assignee: null,
          // An emergency: 15 minutes after.
          priority: 'Urgent',
          callback_due_at: '2023-10-26T15:15:00Z',
          callback_attempts: 0,
          last_attempt_at: null,
          outcome: null,
          caller_call_count: 1,
        },
      ],
      total: 2,
      page: 1,
      limit: 20,
      pages: 1,
    });

    const detail = await app.inject({ method: 'GET', url: '/api/v1/call-logs/101', headers: { authorization: `Bearer ${token}` } });
    assert.equal(detail.statusCode, 200);
    const body = detail.json();
    assert.equal(body.call_duration_seconds, 1800.212);
    assert.equal(body.cost, 0.1845);
    assert.deepEqual(body.full_conversation_json, [{ role: 'bot', message: 'Hello' }]);
    assert.equal(body.created_at, '2023-10-27T09:35:00Z');

    const search = await app.inject({
      method: 'GET',
      url: '/api/v1/call-logs/by-clinic/1?search=helene%20cote',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.deepEqual(
      search.json().items.map((i: { id: number }) => i.id),
      [102],
    );
  });

  test('the user’s columns, seed indexes and extra clinic columns are untouched', async () => {
    assert.deepEqual(await describeTable(), columnsBefore);
    assert.equal((indexesBefore as unknown[]).length, 7);
    assert.deepEqual(await seedIndexes(), indexesBefore);
    const [clinics] = await connection.query('SELECT id, name, address FROM clinics');
    assert.deepEqual(clinics, [{ id: 1, name: 'Zenith Dental Center', address: '12 Main St' }]);
    const [[createTable]] = (await connection.query('SHOW CREATE TABLE call_logs')) as any;
    assert.match(createTable['Create Table'], /CONSTRAINT `call_logs_ibfk_1` FOREIGN KEY \(`clinic_id`\) REFERENCES `clinics` \(`id`\)/);
    assert.match(createTable['Create Table'], /CHECK \(json_valid\(`full_conversation_json`\)\)/);
  });

  test('a restart on the adopted database changes nothing', async () => {
    const again = await buildApp(testConfig(database.url), { logger: false });
    await again.close();
    const [rows] = await connection.query('SELECT COUNT(*) AS n FROM call_logs');
    assert.deepEqual(rows, [{ n: 2 }]);
    assert.deepEqual(await describeTable(), columnsBefore);
  });
});
