import cluster from 'node:cluster';
import { EventEmitter } from 'node:events';
import { PresenceTable, sweepEveryMs, type PresenceChange, type Viewer } from './presence-table.js';
import { createRedisPresence } from './redis-store.js';

export type { PresenceChange, Viewer } from './presence-table.js';

/**
 * Who has which call open right now, shared by every server process: in Redis when REDIS_URL is set,
 * otherwise in the one process, or in the cluster's primary for all its workers (so two workers agree).
 * An entry lives `ttlMs` unless renewed (the dashboard renews it every 20 s while the call is open).
 * Every change to a call's viewers (a join, a leave, an expiry) reaches `onChange` in every process,
 * once, in the order the changes happened.
 */
export interface PresenceStore {
  // Function-valued properties, not methods: nothing here uses `this`, and wrappers pass them on.
  join: (clinicId: number, callLogId: number, viewer: Viewer) => Promise<void>;
  leave: (callLogId: number, userId: number) => Promise<void>;
  /** The user no longer views anything (their access changed). */
  dropUser: (userId: number) => Promise<void>;
  /** The clinic's calls someone has open now. */
  ofClinic: (clinicId: number) => Promise<PresenceChange[]>;
  /** Changes as this process receives them; returns the unsubscribe. */
  onChange: (listener: (change: PresenceChange) => void) => () => void;
  close: () => Promise<void>;
}

export interface PresenceOptions {
  ttlMs: number;
  redisUrl?: string;
  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share one Redis. */
  redisPrefix: string;
}

export function createPresenceStore(options: PresenceOptions): PresenceStore {
  if (options.redisUrl) return createRedisPresence(options.redisUrl, options.redisPrefix, options.ttlMs);
  if (cluster.isWorker) return createClusterPresence();
  return createLocalPresence(options.ttlMs);
}

function changeEmitter() {
  const emitter = new EventEmitter();
  // One listener per process's stream registry and per test; no leak to warn about.
  emitter.setMaxListeners(0);
  return {
    emit: (changes: PresenceChange[]) => changes.forEach((change) => emitter.emit('change', change)),
    on: (listener: (change: PresenceChange) => void) => {
      emitter.on('change', listener);
      return () => void emitter.off('change', listener);
    },
    clear: () => void emitter.removeAllListeners(),
  };
}

/** One server process: the table is here. */
export function createLocalPresence(ttlMs: number): PresenceStore {
  const table = new PresenceTable(ttlMs);
  const changes = changeEmitter();
  const sweep = setInterval(() => changes.emit(table.sweep(Date.now())), sweepEveryMs(ttlMs));
  sweep.unref();
  return {
    join: async (clinicId, callLogId, viewer) => changes.emit(table.join(clinicId, callLogId, viewer, Date.now())),
    leave: async (callLogId, userId) => changes.emit(table.leave(callLogId, userId, Date.now())),
    dropUser: async (userId) => changes.emit(table.dropUser(userId, Date.now())),
    ofClinic: async (clinicId) => table.ofClinic(clinicId, Date.now()),
    onChange: changes.on,
    close: async () => {
      clearInterval(sweep);
      changes.clear();
    },
  };
}

type PresenceOp =
  | { kind: 'join'; clinicId: number; callLogId: number; viewer: Viewer }
  | { kind: 'leave'; callLogId: number; userId: number }
  | { kind: 'drop-user'; userId: number }
  | { kind: 'of-clinic'; clinicId: number };

type PresenceMessage =
  | { zenicall: 'presence-op'; requestId: number; op: PresenceOp }
  | { zenicall: 'presence-reply'; requestId: number; result: PresenceChange[] }
  | { zenicall: 'presence-change'; change: PresenceChange };

const isPresenceMessage = (message: unknown): message is PresenceMessage =>
  typeof (message as PresenceMessage | null)?.zenicall === 'string' && (message as PresenceMessage).zenicall.startsWith('presence-');

/** A cluster worker without Redis: the primary holds the table; each operation is a round trip to it. */
function createClusterPresence(): PresenceStore {
  const changes = changeEmitter();
  const waiting = new Map<number, (result: PresenceChange[]) => void>();
  let nextRequest = 1;
  const onMessage = (message: unknown) => {
    if (!isPresenceMessage(message)) return;
    if (message.zenicall === 'presence-change') changes.emit([message.change]);
    else if (message.zenicall === 'presence-reply') {
      waiting.get(message.requestId)?.(message.result);
      waiting.delete(message.requestId);
    }
  };
  process.on('message', onMessage);
  const ask = (op: PresenceOp) =>
    new Promise<PresenceChange[]>((resolve, reject) => {
      const requestId = nextRequest++;
      waiting.set(requestId, resolve);
      process.send!({ zenicall: 'presence-op', requestId, op } satisfies PresenceMessage, undefined, {}, (error: Error | null) => {
        if (!error) return;
        waiting.delete(requestId);
        reject(error);
      });
    });
  return {
    join: async (clinicId, callLogId, viewer) => void (await ask({ kind: 'join', clinicId, callLogId, viewer })),
    leave: async (callLogId, userId) => void (await ask({ kind: 'leave', callLogId, userId })),
    dropUser: async (userId) => void (await ask({ kind: 'drop-user', userId })),
    ofClinic: (clinicId) => ask({ kind: 'of-clinic', clinicId }),
    onChange: changes.on,
    close: async () => {
      process.off('message', onMessage);
      changes.clear();
    },
  };
}

/**
 * In the primary process of a cluster without Redis: holds the table for every worker. A change is
 * sent to all workers before the reply to the worker that caused it, so by the time its request
 * answers, its own streams have the change.
 */
export function servePresenceToWorkers(ttlMs: number): void {
  const table = new PresenceTable(ttlMs);
  const broadcast = (changes: PresenceChange[]) => {
    for (const change of changes)
      for (const worker of Object.values(cluster.workers ?? {}))
        worker?.send({ zenicall: 'presence-change', change } satisfies PresenceMessage);
  };
  const run = (op: PresenceOp, now: number): PresenceChange[] => {
    switch (op.kind) {
      case 'join':
        broadcast(table.join(op.clinicId, op.callLogId, op.viewer, now));
        return [];
      case 'leave':
        broadcast(table.leave(op.callLogId, op.userId, now));
        return [];
      case 'drop-user':
        broadcast(table.dropUser(op.userId, now));
        return [];
      case 'of-clinic':
        return table.ofClinic(op.clinicId, now);
    }
  };
  cluster.on('message', (worker, message: unknown) => {
    if (!isPresenceMessage(message) || message.zenicall !== 'presence-op') return;
    const result = run(message.op, Date.now());
    worker.send({ zenicall: 'presence-reply', requestId: message.requestId, result } satisfies PresenceMessage);
  });
  setInterval(() => broadcast(table.sweep(Date.now())), sweepEveryMs(ttlMs)).unref();
}
