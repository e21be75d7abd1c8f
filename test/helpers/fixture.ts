import { before } from 'node:test';

/**
 * Records several tests read but none changes, made once in a `before` of the enclosing describe: each case of a
 * table gets its own test (so one failure hides no other) without every test rebuilding the same records.
 * Call it inside a describe; the getter throws if a test runs before the records exist.
 */
export function sharedFixture<T>(make: () => Promise<T>): () => T {
  let made: { value: T } | undefined;
  before(async () => {
    made = { value: await make() };
  });
  return () => {
    if (!made) throw new Error('sharedFixture read before its `before` ran');
    return made.value;
  };
}
