import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { CALL_LOG_COLUMN_LIMITS, type ColumnLimit } from '../src/db/database.js';
import { describeEachDatabase } from './helpers/harness.js';

/**
 * Ingestion's truncation and the API's maxLength read `CALL_LOG_COLUMN_LIMITS`; the tables are made
 * by the migrations' literal DDL. This keeps the two equal: every bounded column of the live table
 * is declared, with its numbers, and nothing else is.
 */

interface MariaDbColumn {
  COLUMN_NAME: string;
  DATA_TYPE: string;
  CHARACTER_MAXIMUM_LENGTH: number | null;
  CHARACTER_OCTET_LENGTH: number | null;
  NUMERIC_PRECISION: number | null;
  NUMERIC_SCALE: number | null;
}

/** FLOAT's largest magnitude, and DATETIME's years: facts of the types, which information_schema does not list. */
const FLOAT_MAX = 3.402823466e38;
const DATETIME_YEARS = { minYear: 1000, maxYear: 9999 };

/**
 * MariaDB: VARCHAR counts characters, TEXT bytes. A LONGTEXT under a json_valid CHECK holds JSON no
 * deeper than `jsonDepth` (probed on the live server); its 4 GiB bound nothing, so its size is ours.
 */
function mariaDbLimit(column: MariaDbColumn, jsonColumns: Set<string>, jsonDepth: number, declared?: ColumnLimit): ColumnLimit | undefined {
  switch (column.DATA_TYPE) {
    case 'varchar':
      return { chars: Number(column.CHARACTER_MAXIMUM_LENGTH) };
    case 'text':
      return { bytes: Number(column.CHARACTER_OCTET_LENGTH) };
    case 'decimal':
      return { precision: Number(column.NUMERIC_PRECISION), scale: Number(column.NUMERIC_SCALE) };
    case 'float':
      return { maxMagnitude: FLOAT_MAX };
    case 'datetime':
      return DATETIME_YEARS;
    case 'longtext':
      if (!jsonColumns.has(column.COLUMN_NAME)) return undefined;
      return { jsonDepth, bytes: declared !== undefined && 'bytes' in declared ? declared.bytes : Number(column.CHARACTER_OCTET_LENGTH) };
    default:
      return undefined;
  }
}

/** The deepest nesting the server's json_valid accepts. */
async function probeJsonDepth(db: Parameters<ReturnType<typeof sql>['execute']>[0]): Promise<number> {
  let depth = 1;
  for (;;) {
    const next = depth + 1;
    const { rows } = await sql<{ valid: number }>`SELECT json_valid(${'['.repeat(next) + ']'.repeat(next)}) AS valid`.execute(db);
    if (Number(rows[0]!.valid) !== 1 || next > 2000) return depth;
    depth = next;
  }
}

/**
 * SQLite keeps the declared type as written. Its `text` is unbounded and also holds the enums, so a
 * declared TEXT limit (MariaDB's) can only be checked to sit on a `text` column.
 */
function sqliteLimit(declaredType: string, declared: ColumnLimit | undefined): ColumnLimit | undefined {
  // Unbounded in SQLite; MariaDB's bounds are declared for both, on columns of the same type.
  if (/^real$/i.test(declaredType) && declared !== undefined && 'maxMagnitude' in declared) return declared;
  if (/^datetime$/i.test(declaredType) && declared !== undefined && 'minYear' in declared) return declared;
  const varchar = /^varchar\((\d+)\)$/i.exec(declaredType);
  if (varchar) return { chars: Number(varchar[1]) };
  const numeric = /^(?:numeric|decimal)\((\d+),\s*(\d+)\)$/i.exec(declaredType);
  if (numeric) return { precision: Number(numeric[1]), scale: Number(numeric[2]) };
  if (/^text$/i.test(declaredType) && declared !== undefined && 'bytes' in declared) return declared;
  return undefined;
}

describeEachDatabase('call_logs column limits', (h) => {
  test('CALL_LOG_COLUMN_LIMITS equals the live columns', async () => {
    const declared: Record<string, ColumnLimit> = CALL_LOG_COLUMN_LIMITS;
    const live: Record<string, ColumnLimit> = {};
    if (h.dbName === 'mariadb') {
      const { rows } = await sql<MariaDbColumn>`
        SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, CHARACTER_OCTET_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE
        FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'call_logs'`.execute(h.database.db);
      assert.ok(rows.length > 20, 'call_logs has its columns');
      const checks = await sql<{ CHECK_CLAUSE: string }>`
        SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
        WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'call_logs'`.execute(h.database.db);
      const jsonColumns = new Set(checks.rows.flatMap((row) => /json_valid\(`?(\w+)`?\)/i.exec(row.CHECK_CLAUSE)?.[1] ?? []));
      assert.deepEqual([...jsonColumns].sort(), ['full_conversation_json', 'raw_structured_data']);
      const jsonDepth = await probeJsonDepth(h.database.db);
      for (const column of rows) {
        const limit = mariaDbLimit(column, jsonColumns, jsonDepth, declared[column.COLUMN_NAME]);
        if (limit !== undefined) live[column.COLUMN_NAME] = limit;
      }
    } else {
      const { rows } = await sql<{ name: string; type: string }>`SELECT name, type FROM pragma_table_info('call_logs')`.execute(
        h.database.db,
      );
      assert.ok(rows.length > 20, 'call_logs has its columns');
      for (const column of rows) {
        const limit = sqliteLimit(column.type, declared[column.name]);
        if (limit !== undefined) live[column.name] = limit;
      }
    }
    assert.deepEqual(live, declared);
  });
});
