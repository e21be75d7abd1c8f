/**
 * A bounded least-recently-used map whose entries are valid for one version of their source.
 * The caller reads the source's current version (cheap) and gets a hit only if nothing changed.
 */
export class VersionedCache<Value> {
  readonly #entries = new Map<string, { version: string; value: Value }>();

  constructor(private readonly maxEntries: number) {}

  get(key: string, version: string): Value | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.version !== version) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  set(key: string, version: string, value: Value): void {
    this.#entries.delete(key);
    this.#entries.set(key, { version, value });
    if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
