import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_SEED, assertAsyncProperty } from './helpers/property.js';

/** The property-test helper: a fixed seed by default, FC_SEED/FC_PATH to replay, and a failure that says how. Pure: runs once. */

const failsAboveFive = () =>
  fc.asyncProperty(fc.nat(), async (n) => {
    if (n > 5) throw new Error(`too big: ${n}`);
  });

async function failureOf(run: Promise<void>): Promise<Error> {
  try {
    await run;
  } catch (error) {
    return error as Error;
  }
  assert.fail('the property should have failed');
}

describe('assertAsyncProperty', () => {
  let saved: { seed?: string; path?: string };
  beforeEach(() => {
    saved = { seed: process.env.FC_SEED, path: process.env.FC_PATH };
    delete process.env.FC_SEED;
    delete process.env.FC_PATH;
  });
  afterEach(() => {
    for (const [name, value] of [
      ['FC_SEED', saved.seed],
      ['FC_PATH', saved.path],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  test('a failure starts with the FC_SEED and FC_PATH that replay it, then fast-check’s report', async () => {
    const error = await failureOf(assertAsyncProperty(failsAboveFive()));
    const [first, ...rest] = error.message.split('\n');
    assert.match(first!, new RegExp(`^Replay with FC_SEED=${DEFAULT_SEED} FC_PATH=[\\d:]+$`));
    assert.match(rest.join('\n'), /Counterexample: \[6\]/);
    assert.match(String((error.cause as Error).message), /too big: 6/);
  });

  test('without FC_SEED the seed is fixed: two runs fail the same way', async () => {
    const first = await failureOf(assertAsyncProperty(failsAboveFive()));
    const second = await failureOf(assertAsyncProperty(failsAboveFive()));
    assert.equal(second.message.split('\n')[0], first.message.split('\n')[0]);
  });

  test('FC_SEED and FC_PATH from a failure replay its counterexample', async () => {
    process.env.FC_SEED = '7';
    const failure = await failureOf(assertAsyncProperty(failsAboveFive()));
    const [, seed, path] = /^Replay with FC_SEED=(-?\d+) FC_PATH=([\d:]+)$/m.exec(failure.message)!;
    assert.equal(seed, '7');
    process.env.FC_PATH = path;
    const replayed = await failureOf(assertAsyncProperty(failsAboveFive()));
    assert.match(replayed.message, /Counterexample: \[6\]/);
    assert.match(replayed.message, /Shrunk 0 time\(s\)/);
  });

  test('an FC_SEED that is not an integer is refused', async () => {
    process.env.FC_SEED = 'tomorrow';
    await assert.rejects(assertAsyncProperty(failsAboveFive()), /FC_SEED must be an integer, not "tomorrow"/);
  });

  test('a property that holds passes', async () => {
    await assertAsyncProperty(fc.asyncProperty(fc.nat(), async (n) => assert.ok(n >= 0)));
  });
});
