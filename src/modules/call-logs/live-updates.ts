import cluster from 'node:cluster';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { AfterCommit } from '../../db/after-commit.js';
import type { ClinicRow, Db } from '../../db/database.js';
import { callerCallCount, countCallsFromNumbers } from '../caller-history/repository.js';
import { closeRedis } from '../presence/redis-store.js';
import { toClinic } from '../clinics/mapper.js';
import { toCallLogListItem, type CallLogListRow } from './mapper.js';
import type { CallLogListItem } from './schemas.js';

export type CallLogEventType = 'call-log.created' | 'call-log.updated';

export interface CallLogEvent {
  type: CallLogEventType;
  clinicId: number;
  item: CallLogListItem;
}

/**
 * Tells open dashboards about new and changed calls. Published after the write commits; delivered to
 * the subscribers of every server process (each process's open streams, see live-streams.ts, pick
 * their clinic's events out of it).
 */
export interface CallLogEventHub {
  publish(event: CallLogEvent): void;
  /** Every clinic's events, as this process receives them; returns the unsubscribe. */
  subscribeAll(listener: (event: CallLogEvent) => void): () => void;
  /**
   * A user's access changed (signed out, disabled, password changed, membership removed): every
   * process, this one included, forgets what it cached about the user and re-checks their streams.
   * Resolves once sent on (never rejects): the change is answered only when the others are told.
   */
  publishAccessChange(userId: number): Promise<void>;
  onAccessChange(listener: (userId: number) => void): () => void;
  close(): Promise<void>;
}

/** What a service that writes call logs needs to announce them (a failed publish is logged, not thrown). */
export interface LiveUpdates {
  events: CallLogEventHub;
  log: Pick<FastifyBaseLogger, 'error'>;
}

/**
 * The one way a write announces a call: queued inside its transaction, published once it commits
 * (ingestion's upsert and staff edits alike), with the row's list columns as they now stand and the
 * caller's call count read in the same transaction (a new call counts itself).
 */
export async function publishAfterCommit(
  trx: Db,
  afterCommit: AfterCommit,
  events: CallLogEventHub,
  type: CallLogEventType,
  row: CallLogListRow,
  clinic: ClinicRow,
  /** The caller's call count when the caller already read it with the call (not counted again). */
  callerCalls?: number,
): Promise<void> {
  const count =
    callerCalls ?? callerCallCount(await countCallsFromNumbers(trx, row.clinic_id, [row.caller_phone_number]), row.caller_phone_number);
  const item = toCallLogListItem(row, toClinic(clinic), count);
  afterCommit(() => events.publish({ type, clinicId: row.clinic_id, item }));
}

/** The subscribers of this process. */
function localSubscribers() {
  const emitter = new EventEmitter();
  return {
    deliver: (event: CallLogEvent) => emitter.emit('event', event),
    subscribeAll: (listener: (event: CallLogEvent) => void) => {
      emitter.on('event', listener);
      return () => void emitter.off('event', listener);
    },
    deliverAccessChange: (userId: number) => void emitter.emit('access-change', userId),
    onAccessChange: (listener: (userId: number) => void) => {
      emitter.on('access-change', listener);
      return () => void emitter.off('access-change', listener);
    },
    clear: () => void emitter.removeAllListeners(),
  };
}

/** One server process: events go straight to its own subscribers. */
export function createInProcessHub(): CallLogEventHub {
  const local = localSubscribers();
  return {
    publish: local.deliver,
    subscribeAll: local.subscribeAll,
    publishAccessChange: async (userId) => local.deliverAccessChange(userId),
    onAccessChange: local.onAccessChange,
    close: async () => local.clear(),
  };
}

/** Several processes or machines: events travel through Redis pub/sub, each process delivering its own. */
export function createRedisHub(redisUrl: string, prefix = 'zenicall:'): CallLogEventHub {
  const CHANNEL = `${prefix}call-log-events`;
  const ACCESS_CHANNEL = `${prefix}access-changes`;
  const local = localSubscribers();
  const publisher = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
  const subscriber = new Redis(redisUrl);
  // ioredis reconnects by itself; without a listener it would print every failed attempt to stderr.
  publisher.on('error', () => {});
  subscriber.on('error', () => {});
  void subscriber.subscribe(CHANNEL, ACCESS_CHANNEL).catch(() => {});
  subscriber.on('message', (channel, message: string) => {
    if (channel === ACCESS_CHANNEL) local.deliverAccessChange(Number(message));
    else local.deliver(JSON.parse(message) as CallLogEvent);
  });
  return {
    publish: (event) => void publisher.publish(CHANNEL, JSON.stringify(event)).catch(() => {}),
    subscribeAll: local.subscribeAll,
    publishAccessChange: (userId) =>
      publisher.publish(ACCESS_CHANNEL, String(userId)).then(
        () => undefined,
        () => undefined,
      ),
    onAccessChange: local.onAccessChange,
    async close() {
      local.clear();
      await Promise.allSettled([closeRedis(publisher), closeRedis(subscriber)]);
    },
  };
}

type RelayedEvent = { zenicall: 'call-log-event'; event: CallLogEvent } | { zenicall: 'access-change'; userId: number };
const isRelayed = (message: unknown): message is RelayedEvent => {
  const kind = (message as RelayedEvent | null)?.zenicall;
  return kind === 'call-log-event' || kind === 'access-change';
};

/** Cluster workers without Redis: the primary process relays each event to every worker. */
export function createClusterHub(): CallLogEventHub {
  const local = localSubscribers();
  const onMessage = (message: unknown) => {
    if (!isRelayed(message)) return;
    if (message.zenicall === 'access-change') local.deliverAccessChange(message.userId);
    else local.deliver(message.event);
  };
  process.on('message', onMessage);
  return {
    publish: (event) => process.send?.({ zenicall: 'call-log-event', event } satisfies RelayedEvent),
    subscribeAll: local.subscribeAll,
    publishAccessChange: (userId) =>
      new Promise<void>((resolve) => {
        if (!process.send?.({ zenicall: 'access-change', userId } satisfies RelayedEvent, undefined, {}, () => resolve())) resolve();
      }),
    onAccessChange: local.onAccessChange,
    close: async () => {
      process.off('message', onMessage);
      local.clear();
    },
  };
}

/** In the primary process: passes each worker's events on to all workers. */
export function relayClusterEvents(): void {
  cluster.on('message', (_worker, message: unknown) => {
    if (!isRelayed(message)) return;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.send(message);
  });
}

export function createCallLogEventHub(options: { redisUrl?: string; redisPrefix?: string }): CallLogEventHub {
  if (options.redisUrl) return createRedisHub(options.redisUrl, options.redisPrefix);
  if (cluster.isWorker) return createClusterHub();
  return createInProcessHub();
}
