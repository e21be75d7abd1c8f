import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { describeEachDatabase } from './helpers/harness.js';
import { assertAsyncProperty } from './helpers/property.js';
import {
  VAPI_SECRET,
  countRows,
  fixtureFiles,
  postVapi,
  readExpected,
  readFixture,
  seedRoutedClinics,
  storedCallLog,
} from './helpers/vapi.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const REMOVE = Symbol('remove');

/** Every path into the message, so a mutation can land anywhere, from the root to a leaf. */
function pathsOf(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (value !== null && typeof value === 'object' && prefix.length < 6) {
    for (const [key, child] of Object.entries(value)) {
      pathsOf(child, [...prefix, Array.isArray(value) ? Number(key) : key], out);
    }
  }
  return out;
}

function mutate(root: { message: Json }, path: (string | number)[], replacement: Json | typeof REMOVE): void {
  if (path.length === 0) return;
  let parent: any = root.message;
  for (const key of path.slice(0, -1)) parent = parent?.[key];
  if (parent === null || typeof parent !== 'object') return;
  const last = path[path.length - 1]!;
  if (replacement === REMOVE) delete parent[last];
  else parent[last] = replacement;
}

const reports = fixtureFiles().filter((file) => JSON.parse(readFixture(file)).message.type === 'end-of-call-report');

describeEachDatabase(
  'Vapi reports, randomly mutated',
  (h) => {
    before(async () => {
      await seedRoutedClinics(h, readExpected().clinic_seed);
    });

    test('never answer 5xx, never leave a partial or misplaced row', async () => {
      await assertAsyncProperty(
        fc.asyncProperty(
          fc.constantFrom(...reports),
          fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constant(REMOVE), fc.jsonValue({ maxDepth: 2 }))), {
            minLength: 1,
            maxLength: 6,
          }),
          async (file, mutations) => {
            const payload = JSON.parse(readFixture(file));
            const callId = randomUUID();
            payload.message.call.id = callId;
            const paths = pathsOf(payload.message);
            for (const [index, replacement] of mutations) mutate(payload, paths[index % paths.length]!, replacement as Json);

            const response = await postVapi(h, JSON.stringify(payload), { 'x-vapi-secret': VAPI_SECRET });
            assert.ok(response.status < 500, `${response.status} ${JSON.stringify(response.body)}`);
            assert.notEqual(response.body.status, 'queued', 'processing must not fail on any payload');
            const sentId = payload.message?.call?.id;
            const storedId = typeof sentId === 'string' ? sentId : callId;
            const row = await storedCallLog(h, storedId);
            if (response.status === 200 && response.body.status === 'processed') {
              assert.ok(row, 'a processed report has its row');
              assert.equal(row.id, response.body.call_log_id);
              assert.equal(row.external_call_id, storedId);
              assert.match(row.call_started_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
              assert.ok(row.caller_phone_number.length > 0);
            } else if (storedId === callId) {
              assert.equal(await countRows(h, 'call_logs', callId), 0, `no row after ${response.status}`);
            }
          },
        ),
        { numRuns: 80 },
      );
    });
  },
  { vapi: { secret: VAPI_SECRET } },
);
