import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VersionedCache } from '../src/shared/versioned-cache.js';

/** The page cache's own rules; test/page-cache.test.ts checks its assumption (every write moves the version). */

const counting = <T>(value: T) => {
  const calls = { count: 0 };
  return { calls, compute: async () => (calls.count++, value) };
};

test('a result is computed once per key and version', async () => {
  const cache = new VersionedCache<string>(10);
  const { calls, compute } = counting('page');
  assert.equal(await cache.getOrCompute(['a', 1], 'v1', compute), 'page');
  assert.equal(await cache.getOrCompute(['a', 1], 'v1', compute), 'page');
  assert.equal(calls.count, 1);
});

test('another version or another key computes again', async () => {
  const cache = new VersionedCache<string>(10);
  const { calls, compute } = counting('page');
  await cache.getOrCompute(['a'], 'v1', compute);
  await cache.getOrCompute(['a'], 'v2', compute);
  await cache.getOrCompute(['b'], 'v2', compute);
  assert.equal(calls.count, 3);
});

test('concurrent misses share one computation', async () => {
  const cache = new VersionedCache<number>(10);
  const { calls, compute } = counting(7);
  assert.deepEqual(await Promise.all([1, 2, 3].map(() => cache.getOrCompute('k', 'v', compute))), [7, 7, 7]);
  assert.equal(calls.count, 1);
});

test('a failed computation is not kept', async () => {
  const cache = new VersionedCache<number>(10);
  await assert.rejects(
    cache.getOrCompute('k', 'v', () => Promise.reject(new Error('down'))),
    /down/,
  );
  assert.equal(await cache.getOrCompute('k', 'v', async () => 2), 2);
});

test('beyond its size, the least recently used entry goes first', async () => {
  const cache = new VersionedCache<string>(2);
  const { calls, compute } = counting('x');
  await cache.getOrCompute('a', 'v', compute);
  await cache.getOrCompute('b', 'v', compute);
  await cache.getOrCompute('a', 'v', compute); // a is now the most recent
  await cache.getOrCompute('c', 'v', compute); // b goes
  assert.equal(calls.count, 3);
  await cache.getOrCompute('a', 'v', compute);
  assert.equal(calls.count, 3);
  await cache.getOrCompute('b', 'v', compute);
  assert.equal(calls.count, 4);
});
