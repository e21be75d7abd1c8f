import type { Db } from '../../db/database.js';
import { nowStored } from '../../shared/datetime.js';
import { appendActivities, type ActivityEntry } from './repository.js';
import type { UserRef } from './schemas.js';

/**
 * Who opened which call (`viewed` entries), written in batches.
 * Why: every detail request is audited, and one INSERT per request would cost the detail route about
 * half its speed (a write and its commit next to a primary-key read). Views are queued in memory and
 * written together in one multi-row INSERT within FLUSH_MS, or at once when BATCH_SIZE are waiting.
 * What it costs: a process that dies without closing (a crash, SIGKILL) loses the views of its last
 * flush interval; a graceful stop writes them (the app's onClose), and reading a trail writes this
 * process's queued views first, so what a reader sees includes their own views when one process served
 * both (with several worker processes, a view served by another appears within FLUSH_MS).
 */
export interface ViewAudit {
  /** Queues a `viewed` entry stamped now. Never throws, never waits. */
  record(call: { call_log_id: number; clinic_id: number }, viewer: UserRef): void;
  /** Writes every queued view; resolves once they (and any write in flight) are in the database. */
  flush(): Promise<void>;
  /** Flushes and stops the timer (the app's onClose). */
  close(): Promise<void>;
}

export const FLUSH_MS = 1000;
export const BATCH_SIZE = 500;
/** While the database refuses writes, views wait up to this many; older ones are then dropped (and logged). */
const MAX_PENDING = 50_000;

export interface ViewAuditOptions {
  flushMs?: number;
  log: { error(details: object, message: string): void };
}

export function createViewAudit(db: Db, options: ViewAuditOptions): ViewAudit {
  const flushMs = options.flushMs ?? FLUSH_MS;
  let pending: ActivityEntry[] = [];
  let timer: NodeJS.Timeout | undefined;
  // Writes run one after another, so a flush resolves only when everything queued before it is written.
  let writing: Promise<void> = Promise.resolve();
  let closed = false;

  const write = async (batch: ActivityEntry[]) => {
    try {
      await appendActivities(db, batch);
    } catch (error) {
      // Put back in front of what arrived meanwhile, and try again with the next flush.
      pending = [...batch, ...pending];
      const dropped = pending.length - MAX_PENDING;
      if (dropped > 0) pending = pending.slice(dropped);
      options.log.error(
        { err: error, waiting: pending.length, dropped: Math.max(0, dropped) },
        'could not write view records; kept for the next flush',
      );
      schedule();
    }
  };

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.length > 0) {
      const batch = pending;
      pending = [];
      writing = writing.then(() => write(batch));
    }
    return writing;
  };

  function schedule() {
    // Only while something waits: an idle server keeps no timer (and never holds the process open).
    if (!closed) timer ??= setTimeout(() => void flush(), flushMs).unref();
  }

  return {
    record(call, viewer) {
      pending.push({
        call_log_id: call.call_log_id,
        clinic_id: call.clinic_id,
        actor_user_id: viewer.id,
        actor_name: viewer.name,
        action: 'viewed',
        at: nowStored(),
      });
      if (pending.length >= BATCH_SIZE) void flush();
      else schedule();
    },
    flush,
    close() {
      closed = true;
      return flush();
    },
  };
}
