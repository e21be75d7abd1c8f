import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { compiledQuerySql } from '../src/db/compiled-query.js';
import { describeEachDatabase } from './helpers/harness.js';

/**
 * The SQL behind the hottest requests, committed per dialect in test/snapshots/: a change to how the
 * list, its counts, the search or the detail reach the database shows up in review, next to the plans
 * in docs/performance.md. `UPDATE_SNAPSHOTS=1 npm test` rewrites them.
 */
describeEachDatabase('SQL of the hot queries', (h) => {
  let token: string;
  let clinicId: number;
  let callId: number;
  before(async () => {
    const clinic = await h.createClinic('Snapshot Dental');
    clinicId = clinic.id;
    token = (await h.createUser('staff', [clinic.id])).token;
    callId = await h.insertCallLog(clinic.id, { caller_last_name: 'Tremblay', caller_phone_number: '+15145550163' });
    // The principal cache is warm from here on, so snapshots hold only the request's own queries.
    await h.call({ method: 'GET', url: '/api/v1/auth/me', token });
  });

  const scenarios: [string, () => string][] = [
    ['list-page-1', () => `/api/v1/call-logs/by-clinic/${clinicId}`],
    ['list-open-statuses-page-3', () => `/api/v1/call-logs/by-clinic/${clinicId}?status[]=New&status[]=In%20Progress&page=3`],
    ['list-search-name', () => `/api/v1/call-logs/by-clinic/${clinicId}?search=tremblay`],
    ['list-search-phone', () => `/api/v1/call-logs/by-clinic/${clinicId}?search=0163`],
    ['counts', () => `/api/v1/call-logs/by-clinic/${clinicId}/counts`],
    ['detail', () => `/api/v1/call-logs/${callId}`],
    ['caller-history', () => `/api/v1/call-logs/${callId}/caller-history`],
  ];

  for (const [name, url] of scenarios) {
    test(name, async () => {
      let status = 0;
      const queries = await h.queriesDuring(async () => {
        status = (await h.call({ method: 'GET', url: url(), token })).status;
      });
      assert.equal(status, 200);
      // Sorted: the list's page and total are read concurrently, in no fixed order.
      assertSnapshot(
        `${h.dbName}/${name}.sql`,
        `${[...queries]
          .sort()
          .map((q) => `${q};`)
          .join('\n\n')}\n`,
      );
    });
  }

  // Compiled once and run with each call's values (src/db/compiled-query.ts): their shape is reviewed here.
  test('each compiled query', () => {
    const compiled = compiledQuerySql(h.database.db);
    assert.ok(compiled.size > 0);
    for (const [name, sql] of compiled) assertSnapshot(`${h.dbName}/compiled-${name}.sql`, `${sql};\n`);
  });
});

function assertSnapshot(path: string, sql: string) {
  const file = new URL(`./snapshots/${path}`, import.meta.url);
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    mkdirSync(new URL('.', file), { recursive: true });
    writeFileSync(file, sql);
  }
  assert.equal(sql, readFileSync(file, 'utf8'), `test/snapshots/${path} is stale: run UPDATE_SNAPSHOTS=1 npm test`);
}
