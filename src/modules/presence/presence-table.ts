/** Someone who has a call open, as the clinic's stream shows them. */
export interface Viewer {
  id: number;
  name: string;
}

/** A call's viewers as they now stand: what a `presence` event carries. */
export interface PresenceChange {
  clinicId: number;
  callLogId: number;
  viewers: Viewer[];
}

interface CallViewers {
  clinicId: number;
  /** One entry per user, however many of their tabs renew it. */
  entries: Map<number, { name: string; expiresAt: number }>;
  /** The viewers last announced, as text: a renewal that changes nothing announces nothing. */
  announced: string;
}

const byId = (a: Viewer, b: Viewer) => a.id - b.id;

/** How often expired entries are looked for: a ninth of their life (5 s of 45), so one is gone at most ~11% late. */
export const sweepEveryMs = (ttlMs: number) => Math.min(5_000, Math.max(50, Math.round(ttlMs / 9)));

/**
 * Who has which call open, held by one process: the only process without Redis, or the cluster's
 * primary for all its workers. Every operation answers the changes to announce: each call whose
 * viewers differ from what was last announced for it, expired entries dropped first.
 */
export class PresenceTable {
  private readonly calls = new Map<number, CallViewers>();

  constructor(private readonly ttlMs: number) {}

  join(clinicId: number, callLogId: number, viewer: Viewer, now: number): PresenceChange[] {
    let call = this.calls.get(callLogId);
    if (!call) {
      call = { clinicId, entries: new Map(), announced: '[]' };
      this.calls.set(callLogId, call);
    }
    call.entries.set(viewer.id, { name: viewer.name, expiresAt: now + this.ttlMs });
    return this.settle([callLogId], now);
  }

  leave(callLogId: number, userId: number, now: number): PresenceChange[] {
    this.calls.get(callLogId)?.entries.delete(userId);
    return this.settle([callLogId], now);
  }

  /** The user is gone from every call (signed out, disabled, removed from a clinic). */
  dropUser(userId: number, now: number): PresenceChange[] {
    const touched = [...this.calls].filter(([, call]) => call.entries.delete(userId)).map(([id]) => id);
    return this.settle(touched, now);
  }

  /** Entries not renewed in time are dropped. */
  sweep(now: number): PresenceChange[] {
    return this.settle([...this.calls.keys()], now);
  }

  /** The clinic's calls that someone has open, with their viewers. */
  ofClinic(clinicId: number, now: number): PresenceChange[] {
    // Expired entries are left out but left in place: the sweep drops them and announces it.
    return [...this.calls]
      .filter(([, call]) => call.clinicId === clinicId)
      .map(([callLogId, call]) => ({ clinicId, callLogId, viewers: viewersOf(call, now) }))
      .filter((change) => change.viewers.length > 0)
      .sort((a, b) => a.callLogId - b.callLogId);
  }

  private settle(callLogIds: number[], now: number): PresenceChange[] {
    const changes: PresenceChange[] = [];
    for (const callLogId of callLogIds) {
      const call = this.calls.get(callLogId);
      if (!call) continue;
      for (const [userId, entry] of call.entries) if (entry.expiresAt <= now) call.entries.delete(userId);
      const viewers = viewersOf(call, now);
      const text = JSON.stringify(viewers);
      if (text !== call.announced) {
        call.announced = text;
        changes.push({ clinicId: call.clinicId, callLogId, viewers });
      }
      if (call.entries.size === 0) this.calls.delete(callLogId);
    }
    return changes;
  }
}

const viewersOf = (call: CallViewers, now: number): Viewer[] =>
  [...call.entries]
    .filter(([, entry]) => entry.expiresAt > now)
    .map(([id, { name }]) => ({ id, name }))
    .sort(byId);
