import { useEffect, useRef, useState } from 'react';
import { callStreamUrl, fetchMe } from '../api/endpoints.js';
import type { CallLogListItem } from '../api/types.js';

export type StreamState = 'connecting' | 'live' | 'offline';
export type CallStreamEvent = { type: 'created' | 'updated'; call: CallLogListItem };

interface Handlers {
  onEvent(event: CallStreamEvent): void;
  /** After a reconnection: events may have been missed, so the page reloads what it shows. */
  onResync(): void;
}

const MAX_RETRY_MS = 30_000;

/**
 * Follows `GET /call-logs/by-clinic/{id}/stream` (server-sent events). The browser's EventSource
 * retries dropped connections itself; when it gives up (the server answered with an error, e.g.
 * an expired token) we check the session (a 401 there sends the person to sign in) and retry with
 * a growing delay.
 */
export function useCallStream(clinicId: number | null, handlers: Handlers): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  useEffect(() => {
    if (!clinicId || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let retryMs = 2_000;
    let opened = false;
    let stopped = false;

    const parse = (type: CallStreamEvent['type']) => (message: MessageEvent<string>) => {
      try {
        const call = JSON.parse(message.data) as CallLogListItem;
        if (call && typeof call.id === 'number') handlersRef.current.onEvent({ type, call });
      } catch {
        // A malformed event is ignored: the next reload shows the truth.
      }
    };

    const connect = () => {
      setState('connecting');
      source = new EventSource(callStreamUrl(clinicId));
      source.addEventListener('open', () => {
        setState('live');
        retryMs = 2_000;
        if (opened) handlersRef.current.onResync();
        opened = true;
      });
      source.addEventListener('call-log.created', parse('created'));
      source.addEventListener('call-log.updated', parse('updated'));
      // The server ended the stream on purpose (token expired or revoked, account disabled, clinic
      // removed): the session check sends the person to sign in, or the page reloads what it may see.
      source.addEventListener(
        'session.ended',
        () =>
          void fetchMe().then(
            () => handlersRef.current.onResync(),
            () => undefined,
          ),
      );
      source.addEventListener('error', () => {
        if (!source || source.readyState !== EventSource.CLOSED) {
          setState('connecting');
          return;
        }
        setState('offline');
        source = null;
        retryTimer = setTimeout(async () => {
          // A refused token ends the session here (the API client handles the 401).
          await fetchMe().catch(() => undefined);
          if (!stopped) connect();
        }, retryMs);
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      });
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      source?.close();
    };
  }, [clinicId]);

  return state;
}
