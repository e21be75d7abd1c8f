import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asCallLogRow, putInStoredForm } from '../src/db/column-forms.js';

/** What ingestion writes compares equal to what either database reads back (pure: run once). */

test('MariaDB’s and SQLite’s forms of the same row read the same', () => {
  const mariadb = asCallLogRow({ cost: '0.12230', call_duration_seconds: Math.fround(12.345), is_existing_patient: 1 });
  const sqlite = asCallLogRow({ cost: 0.1223, call_duration_seconds: 12.345, is_existing_patient: 1 });
  assert.deepEqual(mariadb, { cost: '0.12230', call_duration_seconds: 12.345, is_existing_patient: 1 });
  assert.deepEqual(sqlite, mariadb);
  assert.deepEqual(asCallLogRow({ cost: 12, call_duration_seconds: null, is_existing_patient: null }), {
    cost: '12.00000',
    call_duration_seconds: null,
    is_existing_patient: null,
  });
});

const written: [string, { cost: string | null; call_duration_seconds: number | null }][] = [
  ['exact values', { cost: '0.12230', call_duration_seconds: 12.345 }],
  ['a duration finer than a millisecond', { cost: '3.00000', call_duration_seconds: 61.23456 }],
  ['a long call', { cost: '99999.99999', call_duration_seconds: 7199.999 }],
  ['nothing known', { cost: null, call_duration_seconds: null }],
];
for (const [name, values] of written) {
  test(`${name}: what is written reads back equal on both databases`, () => {
    putInStoredForm(values);
    const { cost, call_duration_seconds: duration } = values;
    // MariaDB: DECIMAL text as written, FLOAT rounded to single precision. SQLite: REAL numbers.
    const mariadb = asCallLogRow({ cost, call_duration_seconds: duration === null ? null : Math.fround(duration), is_existing_patient: 0 });
    const sqlite = asCallLogRow({ cost: cost === null ? null : Number(cost), call_duration_seconds: duration, is_existing_patient: 0 });
    assert.equal(mariadb.cost, cost);
    assert.equal(sqlite.cost, cost);
    assert.equal(mariadb.call_duration_seconds, duration);
    assert.equal(sqlite.call_duration_seconds, duration);
  });
}
