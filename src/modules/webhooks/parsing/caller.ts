import { CALL_LOG_COLUMN_LIMITS } from '../../../db/database.js';
import { isEmptyish, normaliseValue } from './synonyms.js';
import { truncateCodePoints, varcharColumn } from './text-limits.js';

/** Who called: names and a number to call back, read from whatever the provider and the assistant wrote. */

export interface CallerName {
  first: string | null;
  last: string | null;
}

type NameColumn = 'caller_first_name' | 'caller_last_name';

/** Trim and collapse spaces; placeholders become NULL; accents and case are kept. */
export function cleanName(value: unknown, column: NameColumn): string | null {
  if (typeof value !== 'string') return null;
  const name = value.trim().replace(/\s+/g, ' ');
  return isEmptyish(name) ? null : varcharColumn(name, column);
}

/**
 * "Luis Ortega" → Luis / Ortega; "Luis" → Luis / NULL; later tokens all belong to the last name.
 * The whole name is cut to the first name's column before the split, so neither part can overflow.
 */
export function splitFullName(value: unknown): CallerName | undefined {
  const name = cleanName(value, 'caller_first_name');
  if (name === null) return undefined;
  const space = name.indexOf(' ');
  if (space === -1) return { first: name, last: null };
  return { first: name.slice(0, space), last: cleanName(name.slice(space + 1), 'caller_last_name') };
}

/** Separate first/last fields win; only when both are missing is the first usable full name split. */
export function callerName(first: unknown, last: unknown, fullNames: unknown[]): CallerName {
  const name = { first: cleanName(first, 'caller_first_name'), last: cleanName(last, 'caller_last_name') };
  if (name.first !== null || name.last !== null) return name;
  for (const fullName of fullNames) {
    const split = splitFullName(fullName);
    if (split !== undefined) return split;
  }
  return { first: null, last: null };
}

/** What the caller ID shows when the number is hidden: no use for a callback. */
const WITHHELD_NUMBERS = new Set(['anonymous', 'restricted', 'private', 'unknown', 'unavailable', 'withheld']);

/** `caller_phone_number` is NOT NULL; this literal marks a call whose number nobody gave. */
export const UNKNOWN_PHONE = 'unknown';

/** Strip formatting but never add a country code: we cannot know which one the caller meant. */
export function normalisePhone(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const number = value.trim().replace(/[\s\-.()]/g, '');
  if (number === '' || WITHHELD_NUMBERS.has(normaliseValue(number))) return undefined;
  return truncateCodePoints(number, CALL_LOG_COLUMN_LIMITS.caller_phone_number.chars);
}

/** The first usable number among `candidates` (best source first), else `UNKNOWN_PHONE`. */
export function callerPhone(candidates: unknown[]): string {
  for (const candidate of candidates) {
    const number = normalisePhone(candidate);
    if (number !== undefined) return number;
  }
  return UNKNOWN_PHONE;
}
