import type { FastifyInstance, FastifyReply } from 'fastify';
import { Errors } from '../../shared/errors.js';
import type { CallLogEvent, CallLogEventHub } from './live-updates.js';
import type { PresenceChange, PresenceStore } from '../presence/store.js';
import { formatPosition, parsePosition, ReplayBuffer, type NumberedEvent } from './replay-buffer.js';
import { openEventStream, type EventStream, type ServerSentEvent, type StreamGuard } from './stream.js';

/** One dashboard tab's open stream, as code that decides whether it may go on sees it. */
export interface LiveStream {
  readonly id: number;
  readonly userId: number;
  readonly clinicId: number;
  readonly openedAt: Date;
}

/**
 * The live-update streams open in this process (`app.liveStreams`). Each stream is one
 * `GET /call-logs/by-clinic/:id/stream`; the registry caps them per user, sends their heartbeats,
 * and can end any of them with a reason the client sees (`end` event) before the connection closes.
 */
export interface LiveStreams {
  count(): number;
  countFor(userId: number): number;
  /**
   * Ends every stream the predicate picks, with `reason` in its `end` event ("shutdown",
   * "access-revoked", ...); returns how many it ended. The client reconnects, and the reconnection
   * goes through authentication and the clinic check again.
   */
  endWhere(predicate: (stream: LiveStream) => boolean, reason: string): number;
  /**
   * Takes over the response as the clinic's stream, resuming after `lastEventId` when it can. When
   * the guard ends it, a last `session.ended` event carries the reason as an error body
   * (`{detail, error_key}`), so the dashboard can tell "sign in again" from a dropped connection.
   */
  open(reply: FastifyReply, who: { userId: number; clinicId: number; lastEventId?: string; guard: StreamGuard }): void;
  close(): void;
}

export interface LiveStreamOptions {
  perUser: number;
  heartbeatSeconds: number;
}

/** Events kept for resuming: a few minutes of a busy multi-clinic server, under a megabyte. */
const REPLAY_CAPACITY = 500;
/** A client that stopped reading (a frozen tab, a stalled proxy) is dropped before it holds more than this. */
const MAX_BACKLOG_BYTES = 1024 * 1024;
/** How long an EventSource client waits before reconnecting (the dashboard has its own backoff). */
const RETRY_MS = 2_000;

interface OpenStream extends LiveStream {
  out: EventStream;
  stopGuard: () => void;
  /** Presence changes heard while the clinic's current presence is being read: sent after it, in order. */
  presenceBacklog?: PresenceChange[];
}

/** What the streams need of presence: the clinic's current viewers when a stream opens, then each change. */
export type PresenceFeed = Pick<PresenceStore, 'ofClinic' | 'onChange'>;

export function createLiveStreams(hub: CallLogEventHub, options: LiveStreamOptions, presence?: PresenceFeed): LiveStreams {
  const streams = new Set<OpenStream>();
  const perUser = new Map<number, number>();
  const buffer = new ReplayBuffer(REPLAY_CAPACITY);
  let nextId = 1;

  const here = () => formatPosition(buffer.position);
  const remove = (stream: OpenStream) => {
    if (!streams.delete(stream)) return;
    stream.stopGuard();
    const left = (perUser.get(stream.userId) ?? 1) - 1;
    if (left > 0) perUser.set(stream.userId, left);
    else perUser.delete(stream.userId);
  };
  const send = (stream: OpenStream, event: ServerSentEvent) => {
    stream.out.send(event);
    if (stream.out.backlog > MAX_BACKLOG_BYTES) {
      remove(stream);
      stream.out.destroy();
    }
  };
  const toEvent = ({ id, event }: NumberedEvent): ServerSentEvent => ({
    event: event.type,
    id: formatPosition({ epoch: buffer.epoch, id }),
    data: event.item,
  });

  const unsubscribe = hub.subscribeAll((event: CallLogEvent) => {
    const numbered = buffer.append(event);
    for (const stream of streams) if (stream.clinicId === event.clinicId) send(stream, toEvent(numbered));
  });
  // Presence is state, not history: events carry the call's whole viewer list and are not kept for
  // replay (a reconnected stream gets the current presence again). Their id is the stream's position.
  const sendPresence = (stream: OpenStream, change: PresenceChange) =>
    send(stream, { event: 'presence', id: here(), data: { call_log_id: change.callLogId, viewers: change.viewers } });
  const unsubscribePresence = presence?.onChange((change) => {
    for (const stream of streams) {
      if (stream.clinicId !== change.clinicId) continue;
      if (stream.presenceBacklog) stream.presenceBacklog.push(change);
      else sendPresence(stream, change);
    }
  });
  /**
   * A new stream's first presence: the clinic's current viewers, then whatever changed meanwhile. Each
   * event carries the call's whole viewer list and changes arrive in the order they happened, so the
   * last one a client holds for a call is the current one.
   */
  const sendCurrentPresence = (stream: OpenStream) => {
    if (!presence) return;
    stream.presenceBacklog = [];
    const flush = (current: PresenceChange[]) => {
      const backlog = stream.presenceBacklog ?? [];
      stream.presenceBacklog = undefined;
      if (!streams.has(stream)) return;
      for (const change of [...current, ...backlog]) sendPresence(stream, change);
    };
    // Without the store (Redis down), the stream still carries calls and later presence changes.
    presence.ofClinic(stream.clinicId).then(flush, () => flush([]));
  };
  // A visible event, not a comment: the client counts the silence between them to know the stream is dead.
  const heartbeat = setInterval(() => {
    for (const stream of streams) send(stream, { event: 'heartbeat', id: here(), data: {} });
  }, options.heartbeatSeconds * 1000);
  heartbeat.unref();

  const registry: LiveStreams = {
    count: () => streams.size,
    countFor: (userId) => perUser.get(userId) ?? 0,
    endWhere(predicate, reason) {
      let ended = 0;
      for (const stream of [...streams]) {
        if (!predicate(stream)) continue;
        remove(stream);
        stream.out.end({ event: 'end', id: here(), data: { reason } });
        ended++;
      }
      return ended;
    },
    open(reply, { userId, clinicId, lastEventId, guard }) {
      if (registry.countFor(userId) >= options.perUser) throw Errors.tooManyStreams();
      const out = openEventStream(reply, RETRY_MS);
      const stream: OpenStream = { id: nextId++, userId, clinicId, openedAt: new Date(), out, stopGuard: () => {} };
      streams.add(stream);
      stream.stopGuard = guard((reason) => {
        if (!streams.has(stream)) return;
        remove(stream);
        out.end({ event: 'session.ended', id: here(), data: { detail: reason.message, error_key: reason.errorKey } });
      });
      perUser.set(userId, registry.countFor(userId) + 1);
      stream.out.onClose(() => remove(stream));

      // Nothing can be published between these lines and the subscription above: the replay and the
      // live events that follow it neither overlap nor leave a gap.
      const from = parsePosition(lastEventId);
      const missed = from && buffer.since(from, clinicId);
      if (missed) for (const event of missed) send(stream, toEvent(event));
      else if (lastEventId !== undefined) send(stream, { event: 'resync', id: here(), data: {} });
      send(stream, { event: 'ready', id: here(), data: { heartbeat_seconds: options.heartbeatSeconds, resumed: missed !== undefined } });
      sendCurrentPresence(stream);
    },
    close() {
      clearInterval(heartbeat);
      unsubscribe();
      unsubscribePresence?.();
    },
  };
  return registry;
}

declare module 'fastify' {
  interface FastifyInstance {
    liveStreams: LiveStreams;
  }
}

/**
 * `app.liveStreams`, fed by `app.callLogEvents`. Closing the app ends every stream first (preClose):
 * an open stream would otherwise keep the old process alive, and its clients on it, after a restart.
 */
export function installLiveStreams(app: FastifyInstance, options: LiveStreamOptions): void {
  const streams = createLiveStreams(app.callLogEvents, options, app.presence);
  app.decorate('liveStreams', streams);
  app.addHook('preClose', (done) => {
    const ended = streams.endWhere(() => true, 'shutdown');
    if (ended > 0) app.log.info({ streams: ended }, 'live-update streams ended for shutdown');
    done();
  });
  app.addHook('onClose', () => streams.close());
}
