/**
 * Results computed once per version of their source, for as long as the version stays the same.
 * The caller reads the source's current version (one cheap query) and gets the cached result only if
 * nothing changed; concurrent misses for one key share one computation (the promise is cached), and
 * a failed computation is forgotten. Bounded, least recently used first out.
 *
 * Why: a list page or its counts at millions of calls cost far more than reading a version number.
 * The cost: up to `maxEntries` results held in memory per process, and the cache is only as right as
 * the version: every write to the source must move it (for call logs, migration 004's triggers do,
 * whoever writes; test/page-cache.test.ts writes behind the app's back to check).
 */
export class VersionedCache<Value> {
  readonly #entries = new Map<string, { version: string; value: Promise<Value> }>();

  constructor(private readonly maxEntries: number) {}

  /**
   * `key` is any JSON-serialisable description of the request (filters, page). `keep`, when given, may
   * carry a result of another version over to this one: it answers whether what changed since the
   * result's version (`since`) leaves it exact; if not, the result is computed again.
   */
  getOrCompute(
    key: unknown,
    version: string,
    compute: () => Promise<Value>,
    keep?: (value: Value, since: string) => Promise<boolean>,
  ): Promise<Value> {
    const cacheKey = JSON.stringify(key);
    const entry = this.#entries.get(cacheKey);
    if (entry) {
      this.#entries.delete(cacheKey);
      if (entry.version === version) {
        this.#entries.set(cacheKey, entry);
        return entry.value;
      }
    }
    // Stored at once under the new version, so concurrent requests share the check (or the computation).
    const value =
      entry && keep
        ? entry.value.then(
            async (old) => ((await keep(old, entry.version)) ? old : compute()),
            () => compute(),
          )
        : compute();
    const fresh = { version, value };
    this.#entries.set(cacheKey, fresh);
    if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    value.catch(() => {
      if (this.#entries.get(cacheKey) === fresh) this.#entries.delete(cacheKey);
    });
    return value;
  }
}
