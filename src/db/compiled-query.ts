import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './database.js';
import { dialectOf } from './dialect.js';

/** Stands in for the n-th argument while the query is compiled. */
class Slot {
  constructor(readonly index: number) {}
}

/**
 * A hot query that Kysely builds and compiles once per dialect, then runs with each call's values.
 * Building and compiling the same SQL on every request cost about a sixth of a detail request's CPU.
 * `build` receives stand-ins for its arguments: it may use them only as values (comparisons,
 * limits), never to decide the query's shape.
 */
export function compiledQuery<Args extends unknown[], Row>(build: (db: Db, ...args: Args) => Compilable<Row>) {
  const byDialect = new Map<string, CompiledQuery<Row>>();
  return async (db: Db, ...args: Args): Promise<Row[]> => {
    const dialect = dialectOf(db);
    let compiled = byDialect.get(dialect);
    if (!compiled) {
      compiled = build(db, ...(args.map((_, index) => new Slot(index)) as Args)).compile();
      byDialect.set(dialect, compiled);
    }
    const parameters = compiled.parameters.map((value) => (value instanceof Slot ? args[value.index] : value));
    const result = await db.executeQuery<Row>({ ...compiled, parameters });
    return result.rows;
  };
}
