/**
 * What makes a cached "overdue" answer exact while time passes with no write: per clinic and version
 * of its calls, the earliest due time at or after the moment it was read (`nextDue`). No open call
 * becomes overdue before then, so an answer computed at any instant up to it is the same answer, and
 * the horizon itself serves as the cache key's time part: a page cached under horizon H is reused
 * while now ≤ H; once now passes H, the horizon is read again and the key changes. A write moves the
 * clinic's version, which drops both the horizon and the pages.
 */
export class DueHorizons {
  readonly #byClinic = new Map<number, { version: string; horizon: Promise<string | null> }>();

  constructor(private readonly maxClinics = 10_000) {}

  /** The horizon valid at `now` (UTC storage text), read with `nextDue` when the cached one has passed. */
  async at(clinicId: number, version: string, now: string, nextDue: (now: string) => Promise<string | null>): Promise<string> {
    const entry = this.#byClinic.get(clinicId);
    if (entry?.version === version) {
      const horizon = await entry.horizon.catch(() => undefined);
      // No due time ahead: only a write (a new version) can make a call overdue.
      if (horizon === null) return 'none';
      if (horizon !== undefined && now <= horizon) return horizon;
    }
    const horizon = nextDue(now);
    this.#byClinic.delete(clinicId);
    this.#byClinic.set(clinicId, { version, horizon });
    if (this.#byClinic.size > this.maxClinics) this.#byClinic.delete(this.#byClinic.keys().next().value!);
    return (await horizon) ?? 'none';
  }
}
