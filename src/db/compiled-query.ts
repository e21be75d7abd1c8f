import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './database.js';
import { dialectOf } from './dialect.js';

/**
 * A hot query that Kysely builds and compiles once per dialect, then runs with each call's values.
 * Why: building and compiling the same SQL on every request cost about a sixth of a detail request's CPU.
 * What it costs: `build` may use its arguments only as values (comparisons, limits), never to decide
 * the query's shape, since the SQL is compiled once for every later call. That rule is checked, not
 * trusted: the first call per dialect builds the query twice, with stand-ins and with the call's own
 * values, and throws `CompiledQueryShapeError` unless both give the same SQL with every argument
 * among its bound values. test/compiled-query.test.ts tests the check; test/snapshots/ holds each query's SQL.
 */
export function compiledQuery<Args extends unknown[], Row>(name: string, build: (db: Db, ...args: Args) => Compilable<Row>) {
  if (registry.has(name)) throw new Error(`compiledQuery: two queries are named ${name}`);
  const arity = build.length - 1;
  registry.set(name, (db) => compileWithSlots(name, build, db, arity));
  const byDialect = new Map<string, CompiledQuery<Row>>();
  return async (db: Db, ...args: Args): Promise<Row[]> => {
    const dialect = dialectOf(db);
    let compiled = byDialect.get(dialect);
    if (!compiled) {
      compiled = compileWithSlots(name, build, db, args.length);
      assertSameShape(name, compiled, build(db, ...args).compile(), args);
      byDialect.set(dialect, compiled);
    }
    const parameters = compiled.parameters.map((value) => (value instanceof Slot ? args[value.index] : value));
    const result = await db.executeQuery<Row>({ ...compiled, parameters });
    return result.rows;
  };
}

export class CompiledQueryShapeError extends Error {}

/** Stands in for the n-th argument while the query is compiled; any use but as a bound value throws. */
class Slot {
  constructor(
    readonly index: number,
    private readonly query: string,
  ) {}

  [Symbol.toPrimitive](): never {
    throw new CompiledQueryShapeError(
      `compiledQuery ${this.query}: argument ${this.index} is read while the query is built; arguments may only be bound values`,
    );
  }
}

function compileWithSlots<Args extends unknown[], Row>(
  name: string,
  build: (db: Db, ...args: Args) => Compilable<Row>,
  db: Db,
  arity: number,
): CompiledQuery<Row> {
  const slots = Array.from({ length: arity }, (_, index) => new Slot(index, name));
  const compiled = build(db, ...(slots as Args)).compile();
  slots.forEach((slot) => {
    if (!compiled.parameters.includes(slot)) {
      throw new CompiledQueryShapeError(`compiledQuery ${name}: argument ${slot.index} is not a bound value of the query it builds`);
    }
  });
  return compiled;
}

/** The query built from a call's own values must be the same SQL, with those values where the stand-ins were. */
function assertSameShape(name: string, compiled: CompiledQuery, actual: CompiledQuery, args: unknown[]): void {
  const expected = compiled.parameters.map((value) => (value instanceof Slot ? args[value.index] : value));
  const same =
    actual.sql === compiled.sql &&
    actual.parameters.length === expected.length &&
    actual.parameters.every((value, index) => Object.is(value, expected[index]));
  if (!same) {
    throw new CompiledQueryShapeError(
      `compiledQuery ${name}: its SQL depends on its arguments' values; arguments may only be bound values\n` +
        `with stand-ins: ${compiled.sql}\nwith the values: ${actual.sql}`,
    );
  }
}

const registry = new Map<string, (db: Db) => CompiledQuery>();

/** Every compiled query's SQL in `db`'s dialect, by name (the SQL snapshots hold them). */
export function compiledQuerySql(db: Db): Map<string, string> {
  return new Map([...registry].map(([name, compile]) => [name, compile(db).sql]));
}
