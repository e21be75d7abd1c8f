import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ingestDepsOf } from '../src/modules/webhooks/ingest.js';
import { drainSpool } from '../src/modules/webhooks/spool-drainer.js';
import { createWebhookSpool, type SpoolEntry } from '../src/modules/webhooks/spool.js';
import { describeEachDatabase, type Harness } from './helpers/harness.js';
import { VAPI_SECRET, createClinicRoutedByKey, freshReport } from './helpers/vapi.js';

/**
 * The spool's promises on each database, without an outage (database-outage.test.ts has those):
 * a spooled delivery enters the inbox once even when it is drained twice (a drainer stopped between
 * storing it and removing it), and two drainers on one spool file (two workers) take turns.
 */
const CLINIC_KEY = 'spool-clinic';

function spoolEntry(): SpoolEntry & { callId: string } {
  const { body, callId } = freshReport('02-cancellation.json', CLINIC_KEY);
  return { callId, provider: 'vapi', body, delivery_key: randomUUID(), received_at: '2026-12-04 10:00:00' };
}

describeEachDatabase(
  'the webhook spool',
  (h: Harness) => {
    let clinicId: number;
    let spoolDir: string;
    before(async () => {
      clinicId = await createClinicRoutedByKey(h, CLINIC_KEY);
      spoolDir = mkdtempSync(join(tmpdir(), 'zenicall-spool-'));
    });
    after(() => rmSync(spoolDir, { recursive: true, force: true }));

    const inboxFor = async (callId: string) =>
      (
        (await h.call({ method: 'GET', url: '/api/v1/webhook-events?limit=100', token: await h.adminToken() })).body.items as {
          external_call_id: string;
          state: string;
          received_at: string;
        }[]
      ).filter((event) => event.external_call_id === callId);
    const listedTimes = async (callId: string) =>
      (
        (await h.call({ method: 'GET', url: `/api/v1/call-logs/by-clinic/${clinicId}?limit=100`, token: await h.adminToken() })).body
          .items as { external_call_id: string }[]
      ).filter((item) => item.external_call_id === callId).length;

    test('a delivery drained twice (the drainer stopped before removing it) is stored once, with its arrival time', async () => {
      const spool = createWebhookSpool(join(spoolDir, 'twice.sqlite'));
      const deps = ingestDepsOf(h.app);
      const entry = spoolEntry();
      try {
        spool.put(entry);
        assert.equal(await drainSpool(deps, spool, { holder: 'first', leaseMs: 30_000 }), 1);
        spool.put(entry);
        assert.equal(await drainSpool(deps, spool, { holder: 'after-restart', leaseMs: 30_000 }), 1);
        assert.equal(spool.backlog(), 0);
      } finally {
        spool.close();
      }
      const events = await inboxFor(entry.callId);
      assert.deepEqual(
        events.map((event) => [event.state, event.received_at]),
        [['processed', '2026-12-04T10:00:00Z']],
      );
      assert.equal(await listedTimes(entry.callId), 1);
    });

    test('two drainers on one spool file (two workers) take turns, and each delivery is stored once', async () => {
      const path = join(spoolDir, 'shared.sqlite');
      const [spoolA, spoolB] = [createWebhookSpool(path), createWebhookSpool(path)];
      const deps = ingestDepsOf(h.app);
      const entries = Array.from({ length: 8 }, spoolEntry);
      try {
        for (const [index, entry] of entries.entries()) (index % 2 === 0 ? spoolA : spoolB).put(entry);
        assert.deepEqual([spoolA.backlog(), spoolB.backlog()], [8, 8]);
        const drained = await Promise.all([
          drainSpool(deps, spoolA, { holder: 'worker-a', leaseMs: 30_000 }),
          drainSpool(deps, spoolB, { holder: 'worker-b', leaseMs: 30_000 }),
        ]);
        // One took the lease for the whole pass; the other found it held and left the spool alone.
        assert.deepEqual(drained, [8, 0]);
        assert.equal(spoolB.backlog(), 0);
      } finally {
        spoolA.close();
        spoolB.close();
      }
      for (const entry of entries) {
        assert.equal((await inboxFor(entry.callId)).length, 1, entry.callId);
        assert.equal(await listedTimes(entry.callId), 1, entry.callId);
      }
    });

    test('a lease left by a drainer that died expires, and another drains', async () => {
      const spool = createWebhookSpool(join(spoolDir, 'lease.sqlite'));
      const deps = ingestDepsOf(h.app);
      const entry = spoolEntry();
      try {
        spool.put(entry);
        assert.equal(spool.takeLease('died', 50), true);
        assert.equal(await drainSpool(deps, spool, { holder: 'survivor', leaseMs: 30_000 }), 0);
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.equal(await drainSpool(deps, spool, { holder: 'survivor', leaseMs: 30_000 }), 1);
      } finally {
        spool.close();
      }
      assert.equal(await listedTimes(entry.callId), 1);
    });
  },
  { vapi: { secret: VAPI_SECRET } },
);

describeEachDatabase('health', (h: Harness) => {
  test('/health/live answers without the database; /health/ready and /health check it and give the backlogs', async () => {
    assert.deepEqual(await h.call({ method: 'GET', url: '/health/live' }).then((r) => [r.status, r.body]), [200, { status: 'ok' }]);
    const ready = { status: 'ok', database: 'up', spool_backlog: 0, retry_backlog: 0 };
    assert.deepEqual(await h.call({ method: 'GET', url: '/health/ready' }).then((r) => [r.status, r.body]), [200, ready]);
    assert.deepEqual(await h.call({ method: 'GET', url: '/health' }).then((r) => [r.status, r.body]), [200, ready]);
  });
});
