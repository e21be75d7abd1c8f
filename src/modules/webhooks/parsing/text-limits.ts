import { CALL_LOG_COLUMN_LIMITS } from '../../../db/database.js';
import { truncateCodePoints } from '../../../shared/text.js';
import { asNonBlankString } from './untrusted-json.js';

export { truncateCodePoints };

/**
 * Identifiers and text whose cut is part of a parsing rule (a name is cut before it is split), with
 * the limits declared once in `CALL_LOG_COLUMN_LIMITS`. Other free text reaches its column whole
 * and is cut there, with a warning (column-fit.ts). A cut never splits a character: VARCHAR(n)
 * counts code points, as MariaDB does in utf8mb4.
 */

type Limits = typeof CALL_LOG_COLUMN_LIMITS;
type ColumnsWith<Limit> = { [Column in keyof Limits]: Limits[Column] extends Limit ? Column : never }[keyof Limits];
export type VarcharColumn = ColumnsWith<{ chars: number }>;

/** Text cut to the VARCHAR column's length; absent text is NULL. */
export function varcharColumn(text: string | undefined, column: VarcharColumn): string | null {
  return text === undefined ? null : truncateCodePoints(text, CALL_LOG_COLUMN_LIMITS[column].chars);
}

/**
 * Whether `text` fits the column whole, for values that are skipped rather than cut (an id, a URL).
 * Counted in UTF-16 units, never fewer than code points, so a value that passes always fits; both
 * are ASCII in practice, and the webhook inbox clips the same id by UTF-16 units.
 */
export function fitsWhole(text: string, column: VarcharColumn): boolean {
  return text.length <= CALL_LOG_COLUMN_LIMITS[column].chars;
}

/** A provider's call id: a non-empty JSON string that fits the column, never a coerced number. */
export function asExternalCallId(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && fitsWhole(value, 'external_call_id') ? value : undefined;
}

/** The first non-blank string short enough for `audio_recording_url`; a longer one is skipped, not cut. */
export function firstStorableUrl(...values: unknown[]): string | null {
  for (const value of values) {
    const url = asNonBlankString(value);
    if (url !== undefined && fitsWhole(url, 'audio_recording_url')) return url;
  }
  return null;
}
