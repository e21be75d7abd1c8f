import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBackgroundTask } from '../src/shared/background-task.js';

/** The background task behind "replay unrouted deliveries after a route is added". Pure: runs once. */

/** Errors of runs that should not have failed (onError's own errors are swallowed, so they are checked at the end). */
const unexpected: unknown[] = [];

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

test('trigger returns at once; the work runs in the background', async () => {
  const release = gate();
  let runs = 0;
  const task = createBackgroundTask(
    async () => {
      runs++;
      await release.opened;
    },
    (error) => unexpected.push(error),
  );
  task.trigger();
  assert.equal(runs, 1);
  release.open();
  await task.close();
  assert.equal(runs, 1);
});

test('triggers during a run coalesce into one more run after it, never two at once', async () => {
  const gates = [gate(), gate()];
  let running = 0;
  let runs = 0;
  const task = createBackgroundTask(
    async () => {
      assert.equal(running, 0, 'one run at a time');
      running++;
      await gates[runs++]!.opened;
      running--;
    },
    (error) => unexpected.push(error),
  );
  task.trigger();
  task.trigger();
  task.trigger();
  task.trigger();
  gates[0]!.open();
  gates[1]!.open();
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(runs, 2, 'four triggers: the run they started, and one more for those that came during it');
  await task.close();
});

test('a failed run is reported, and later triggers still run', async () => {
  const errors: unknown[] = [];
  let runs = 0;
  const task = createBackgroundTask(
    async () => {
      runs++;
      if (runs === 1) throw new Error('database away');
    },
    (error) => errors.push(error),
  );
  task.trigger();
  await new Promise((resolve) => setTimeout(resolve, 10));
  task.trigger();
  await task.close();
  assert.equal(runs, 2);
  assert.deepEqual(
    errors.map((e) => (e as Error).message),
    ['database away'],
  );
});

test('close() waits for the current run and stops further ones', async () => {
  const release = gate();
  let finished = false;
  let runs = 0;
  const task = createBackgroundTask(
    async () => {
      runs++;
      await release.opened;
      finished = true;
    },
    (error) => unexpected.push(error),
  );
  task.trigger();
  task.trigger();
  const closed = task.close();
  setTimeout(release.open, 20);
  await closed;
  assert.equal(finished, true);
  assert.equal(runs, 1, 'the coalesced run is dropped once closing');
  task.trigger();
  assert.equal(runs, 1);
});

test('no run above failed unexpectedly', () => {
  assert.deepEqual(unexpected, []);
});
