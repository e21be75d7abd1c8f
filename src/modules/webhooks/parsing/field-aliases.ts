import { FIELD_ALIASES } from './field-alias-table.js';
import { normaliseValue } from './synonyms.js';
import type { JsonObject } from './untrusted-json.js';

/**
 * Reading structured data by field, whatever key spelling the assistant used (the table is in
 * field-alias-table.ts). Keys compare without case, accents or separators, so `first_name`,
 * `First Name` and `firstName` are one key.
 */

export type StructuredField = keyof typeof FIELD_ALIASES;
export type FieldReader = (field: StructuredField) => unknown;

export function normaliseKey(key: string): string {
  return normaliseValue(key).replaceAll(' ', '');
}

const NORMALISED_ALIASES = Object.fromEntries(
  Object.entries(FIELD_ALIASES).map(([field, aliases]) => [field, aliases.map(normaliseKey)]),
) as Record<StructuredField, string[]>;

/**
 * Reads fields of one structured-data object by alias: the first alias holding a non-null value
 * wins, and of two keys that normalise alike, the first in the object.
 */
export function structuredFieldReader(data: JsonObject | undefined): FieldReader {
  const byKey = new Map<string, unknown>();
  for (const [key, value] of Object.entries(data ?? {})) {
    const normalised = normaliseKey(key);
    if (value !== null && !byKey.has(normalised)) byKey.set(normalised, value);
  }
  return (field) => {
    for (const alias of NORMALISED_ALIASES[field]) {
      if (byKey.has(alias)) return byKey.get(alias);
    }
    return undefined;
  };
}
