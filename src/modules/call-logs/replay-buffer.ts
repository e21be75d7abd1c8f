import { randomBytes } from 'node:crypto';
import type { CallLogEvent } from './live-updates.js';

/** A call-log event as this process numbered it: `id` grows by one per event, over all clinics. */
export interface NumberedEvent {
  id: number;
  event: CallLogEvent;
}

/** Where a stream stands, as the `id:` of its events says: `<epoch>-<number>`. */
export interface StreamPosition {
  epoch: string;
  id: number;
}

/**
 * The last few hundred call-log events this process delivered, so a dashboard whose connection dropped
 * for a moment gets exactly what it missed when it reconnects with `Last-Event-ID`.
 *
 * Numbers are local to the process, and the epoch (random, chosen at start) says which process and
 * which run numbered them: a position from another worker or from before a restart cannot be
 * resumed here, and the stream tells the client to refetch its list instead. A shared counter
 * (Redis) would let any worker resume, at the cost of a round trip per event; a refetch after a
 * reconnect that lands elsewhere is cheap and always right.
 */
export class ReplayBuffer {
  readonly epoch = randomBytes(6).toString('hex');
  private readonly events: NumberedEvent[] = [];
  private last = 0;

  constructor(private readonly capacity: number) {}

  /** Numbers the event and keeps it, forgetting the oldest beyond `capacity`. */
  append(event: CallLogEvent): NumberedEvent {
    const numbered = { id: ++this.last, event };
    this.events.push(numbered);
    if (this.events.length > this.capacity) this.events.shift();
    return numbered;
  }

  /** The position after every event so far: what a stream that has seen them all may resume from. */
  get position(): StreamPosition {
    return { epoch: this.epoch, id: this.last };
  }

  /**
   * The clinic's events after `from`, or undefined when they cannot be told: another epoch, a number
   * this run never reached, or events since then already forgotten.
   */
  since(from: StreamPosition, clinicId: number): NumberedEvent[] | undefined {
    if (from.epoch !== this.epoch || from.id > this.last) return undefined;
    const oldestKept = this.events[0]?.id ?? this.last + 1;
    if (from.id < oldestKept - 1) return undefined;
    return this.events.filter((e) => e.id > from.id && e.event.clinicId === clinicId);
  }
}

export const formatPosition = (position: StreamPosition): string => `${position.epoch}-${position.id}`;

/** A `Last-Event-ID` as we write it, or undefined for anything else (the client then refetches). */
export function parsePosition(text: string | undefined): StreamPosition | undefined {
  const match = /^([0-9a-f]{12})-(\d{1,15})$/.exec(text ?? '');
  return match ? { epoch: match[1]!, id: Number(match[2]) } : undefined;
}
