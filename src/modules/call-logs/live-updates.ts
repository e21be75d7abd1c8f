import { EventEmitter } from 'node:events';
import type { CallLogListItem } from './schemas.js';

export type CallLogEventType = 'call-log.created' | 'call-log.updated';

export interface CallLogEvent {
  type: CallLogEventType;
  clinicId: number;
  item: CallLogListItem;
}

/**
 * Tells open dashboards about new and changed calls. Published after the write commits; delivered to
 * every subscriber of the clinic. This in-process hub serves a single server process.
 */
export interface CallLogEventHub {
  publish(event: CallLogEvent): void;
  subscribe(clinicId: number, listener: (event: CallLogEvent) => void): () => void;
  close(): Promise<void>;
}

export function createInProcessHub(): CallLogEventHub {
  const emitter = new EventEmitter();
  // One listener per open dashboard tab; there is no leak to warn about.
  emitter.setMaxListeners(0);
  return {
    publish: (event) => emitter.emit(`clinic:${event.clinicId}`, event),
    subscribe(clinicId, listener) {
      emitter.on(`clinic:${clinicId}`, listener);
      return () => emitter.off(`clinic:${clinicId}`, listener);
    },
    close: async () => {
      emitter.removeAllListeners();
    },
  };
}
