import { useEffect, useRef, useState } from 'react';
import { fetchMe, openCallStream } from '../api/endpoints.js';
import type { CallLogListItem, UserRef } from '../api/types.js';
import { readEventStream, type StreamEvent } from './sse-reader.js';

/**
 * `live` only while the stream is open and its heartbeats arrive; `reconnecting` once it was live
 * and is not any more; `paused` when the server asked us to wait (too many tabs open).
 */
export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'paused';
export type CallStreamEvent = { type: 'created' | 'updated'; call: CallLogListItem };
/** Who has a call open right now; `reset` on every new connection, before the server's snapshot of the clinic's presence. */
export type PresenceEvent = { type: 'presence'; callId: number; viewers: UserRef[] } | { type: 'reset' };

interface Handlers {
  onEvent(event: CallStreamEvent): void;
  /** Events may have been missed (a reconnection the server could not resume): reload what the page shows. */
  onResync(): void;
  onPresence?(event: PresenceEvent): void;
}

const FIRST_RETRY_MS = 1_000;
/** A restarted server is back within seconds; a front desk should not wait longer than this to hear of it. */
const MAX_RETRY_MS = 5_000;
/** Until the server's `ready` says otherwise. */
const DEFAULT_HEARTBEAT_SECONDS = 15;
/** Heartbeats missed in a row before the connection counts as lost (one late heartbeat is not an outage). */
const MISSED_HEARTBEATS = 2;

const jitter = (ms: number) => Math.round(ms * (0.8 + Math.random() * 0.4));

function retryAfterMs(response: Response): number {
  const seconds = Number(response.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : MAX_RETRY_MS;
}

function parseJson(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    // A malformed event is ignored: the next reload shows the truth.
    return undefined;
  }
}

/**
 * Follows `GET /call-logs/by-clinic/{id}/stream` (server-sent events, read with fetch so the token
 * travels in the Authorization header). A connection counts as live from the server's `ready` and as
 * lost when it closes, fails, ends (`end`: the server is restarting) or goes quiet for two heartbeat
 * intervals; then it reconnects by itself with a growing delay, sending the last event id so the
 * server can replay what was missed, or say `resync`, and the page reloads its list.
 */
export function useCallStream(clinicId: number | null, handlers: Handlers): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  useEffect(() => {
    if (!clinicId) return;
    let stopped = false;
    let connection: AbortController | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    let retryMs = FIRST_RETRY_MS;
    let heartbeatMs = DEFAULT_HEARTBEAT_SECONDS * 1000;
    let lastEventId: string | undefined;
    let wasLive = false;
    let resyncedThisConnection = false;
    setState('connecting');

    const retry = (next: StreamState, delayMs: number) => {
      connection?.abort();
      connection = null;
      clearTimeout(watchdog);
      clearTimeout(retryTimer);
      if (stopped) return;
      setState(next);
      retryTimer = setTimeout(() => void connect(), delayMs);
    };
    const lost = () => {
      const delay = jitter(retryMs);
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      retry(wasLive ? 'reconnecting' : 'connecting', delay);
    };
    const expectNextWithin = (ms: number) => {
      clearTimeout(watchdog);
      watchdog = setTimeout(lost, ms);
    };

    const onStreamEvent = ({ event, id, data }: StreamEvent) => {
      if (id !== undefined) lastEventId = id;
      expectNextWithin(heartbeatMs * MISSED_HEARTBEATS);
      switch (event) {
        case 'ready': {
          const info = parseJson(data) as { heartbeat_seconds?: unknown; resumed?: unknown } | undefined;
          if (typeof info?.heartbeat_seconds === 'number' && info.heartbeat_seconds > 0) heartbeatMs = info.heartbeat_seconds * 1000;
          expectNextWithin(heartbeatMs * MISSED_HEARTBEATS);
          // The server follows `ready` with the presence it knows now: what we knew before is stale.
          handlersRef.current.onPresence?.({ type: 'reset' });
          if (wasLive && info?.resumed !== true && !resyncedThisConnection) handlersRef.current.onResync();
          wasLive = true;
          retryMs = FIRST_RETRY_MS;
          setState('live');
          return;
        }
        case 'resync':
          resyncedThisConnection = true;
          handlersRef.current.onResync();
          return;
        case 'end':
          lost();
          return;
        // The server ended the stream on purpose (token expired or revoked, account disabled, clinic
        // removed): the session check sends the person to sign in, or the page reloads what it may see.
        case 'session.ended':
          void fetchMe().then(
            () => handlersRef.current.onResync(),
            () => undefined,
          );
          return;
        case 'presence': {
          const presence = parseJson(data) as { call_log_id?: unknown; viewers?: unknown } | undefined;
          if (typeof presence?.call_log_id === 'number' && Array.isArray(presence.viewers))
            handlersRef.current.onPresence?.({ type: 'presence', callId: presence.call_log_id, viewers: presence.viewers as UserRef[] });
          return;
        }
        case 'call-log.created':
        case 'call-log.updated': {
          const call = parseJson(data) as CallLogListItem | undefined;
          if (call && typeof call.id === 'number')
            handlersRef.current.onEvent({ type: event === 'call-log.created' ? 'created' : 'updated', call });
          return;
        }
      }
    };

    const connect = async () => {
      if (stopped) return;
      const own = new AbortController();
      connection = own;
      resyncedThisConnection = false;
      // A server that accepts the connection but never answers is as gone as one that refuses it.
      expectNextWithin(heartbeatMs * MISSED_HEARTBEATS);
      try {
        const response = await openCallStream(clinicId, lastEventId, own.signal);
        if (response.status === 429) return retry('paused', retryAfterMs(response));
        if (response.status === 401) {
          // A refused token ends the session here (the API client handles the 401); anything else, try again.
          await fetchMe().catch(() => undefined);
        } else if (response.ok && response.body) {
          await readEventStream(response.body, onStreamEvent);
        }
      } catch {
        // The network failed, or we aborted the connection ourselves (then `connection` is no longer ours).
      }
      if (connection === own) lost();
    };

    // Back online (laptop woke, Wi-Fi returned): try now rather than at the end of the backoff.
    const onOnline = () => {
      if (connection) return;
      retryMs = FIRST_RETRY_MS;
      clearTimeout(retryTimer);
      void connect();
    };
    window.addEventListener('online', onOnline);
    void connect();
    return () => {
      stopped = true;
      window.removeEventListener('online', onOnline);
      clearTimeout(retryTimer);
      clearTimeout(watchdog);
      connection?.abort();
    };
  }, [clinicId]);

  return state;
}
