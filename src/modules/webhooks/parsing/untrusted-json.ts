/**
 * Reading untrusted JSON, and writing it back as text. Webhook bodies are written by LLM prompts
 * and third parties, so a value of the wrong type counts as absent (no coercion: "12" is not a
 * number), and nothing here throws on any value `JSON.parse` can return.
 */

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asNonEmptyObject(value: unknown): JsonObject | undefined {
  const object = asObject(value);
  return object !== undefined && Object.keys(object).length > 0 ? object : undefined;
}

/** The value at `path`, following own properties only, so `constructor` and friends never leak in. */
export function at(root: unknown, ...path: string[]): unknown {
  let current = root;
  for (const key of path) {
    const object = asObject(current);
    if (object === undefined || !Object.hasOwn(object, key)) return undefined;
    current = object[key];
  }
  return current;
}

export function asFiniteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Strings made only of whitespace carry nothing; the value itself is returned untouched. */
export function asNonBlankString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function firstNonBlankString(...values: unknown[]): string | undefined {
  for (const value of values) {
    const text = asNonBlankString(value);
    if (text !== undefined) return text;
  }
  return undefined;
}

export function firstFiniteNumber(...values: unknown[]): number | undefined {
  for (const value of values) {
    const number = asFiniteNumber(value);
    if (number !== undefined) return number;
  }
  return undefined;
}

/**
 * JSON text for a JSON column. `JSON.parse` accepts nesting deeper than `JSON.stringify` can
 * recurse; such a value is stored as NULL rather than failing the whole call.
 */
export function jsonColumn(value: unknown): string | null {
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null;
  }
}
