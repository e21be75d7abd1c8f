import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql, type SelectQueryBuilder } from 'kysely';
import { compiledQuery, CompiledQueryShapeError } from '../src/db/compiled-query.js';
import { createDatabase, type DatabaseHandle } from '../src/db/create-db.js';
import type { Database, Db } from '../src/db/database.js';

/**
 * compiledQuery compiles a query once and runs it with each call's values, so it must refuse a
 * query whose SQL its arguments decide. Pure of any dialect: run once, on an in-memory SQLite.
 */
let database: DatabaseHandle;
before(async () => {
  database = createDatabase({ url: 'sqlite::memory:' });
  await sql`CREATE TABLE things (id integer PRIMARY KEY, name text NOT NULL, size integer NOT NULL)`.execute(database.db);
  await sql`INSERT INTO things (id, name, size) VALUES (1, 'one', 10), (2, 'two', 20), (3, 'three', 30)`.execute(database.db);
});
after(() => database.destroy());

// `things` is not one of Zenicall's tables: the builders reach it through an untyped instance.
type Things = { things: { id: number; name: string; size: number } };
const untyped = (db: Db) => db.withTables<Things>();
type ThingsQuery = SelectQueryBuilder<Database & Things, 'things', object>;

test('a query whose arguments are values runs with each call’s values', async () => {
  const bySize = compiledQuery('test-by-size', (db: Db, min: number, max: number) =>
    untyped(db).selectFrom('things').select('name').where('size', '>=', min).where('size', '<=', max).orderBy('id'),
  );
  assert.deepEqual(await bySize(database.db, 10, 20), [{ name: 'one' }, { name: 'two' }]);
  assert.deepEqual(await bySize(database.db, 25, 40), [{ name: 'three' }]);
});

const things = (db: Db) => untyped(db).selectFrom('things');
const shapeErrors: [string, (db: Db, value: any) => ThingsQuery, unknown][] = [
  ['compares an argument to choose a clause', (db, id) => (id > 1 ? things(db).where('id', '=', id) : things(db)), 2],
  ['tests an argument’s truth to choose a clause', (db, name) => (name ? things(db).where('name', '=', 'one') : things(db)), 'x'],
  ['writes an argument into the SQL text', (db, column) => things(db).where(sql.ref(`${column}`), '=', 1), 'id'],
  ['expands an argument list', (db, ids) => things(db).where('id', 'in', ids), [1, 2]],
  ['ignores an argument', (db) => things(db), 1],
];
for (const [name, build, value] of shapeErrors) {
  test(`a query that ${name} is refused on its first call`, async () => {
    const query = compiledQuery(`test-${name}`, (db: Db, arg: unknown) => build(db, arg).select('id'));
    await assert.rejects(query(database.db, value), CompiledQueryShapeError);
  });
}

test('two compiled queries cannot share a name (their SQL is snapshotted by name)', () => {
  compiledQuery('test-twice', (db: Db, id: number) => things(db).select('id').where('id', '=', id));
  assert.throws(() => compiledQuery('test-twice', (db: Db, id: number) => things(db).select('id').where('id', '=', id)));
});
