import { CALL_LOG_COLUMN_LIMITS, type ColumnLimit } from '../../../db/database.js';
import type { FieldWarning, IngestedCall } from '../provider.js';
import { truncateCodePoints, truncateUtf8 } from '../../../shared/text.js';

/**
 * The last step before a report is written: every value is made to fit its `call_logs` column, as
 * declared once in `CALL_LOG_COLUMN_LIMITS`, so one bad field never costs the whole call. A value
 * that cannot be stored is dropped (NULL) or cut, and each change is reported as a warning that the
 * inbox row keeps. Both databases get the same result: MariaDB's bounds apply on SQLite too.
 *
 * Columns that are NOT NULL and that adapters guarantee (the call id, the start time) are left as
 * they are: if one ever did not fit, the database's refusal is a permanent error, and the delivery
 * is rejected rather than stored with a made-up value.
 */

type FittedColumn = keyof typeof CALL_LOG_COLUMN_LIMITS & keyof IngestedCall;

/** A cut URL leads nowhere: too long, it is dropped rather than cut. */
const DROPPED_WHEN_TOO_LONG = new Set<string>(['audio_recording_url']);
const NOT_NULL = new Set<string>(['external_call_id', 'caller_phone_number', 'call_started_at']);

const count = (n: number) => n.toLocaleString('en-US');

export interface FittedCall {
  call: IngestedCall;
  warnings: FieldWarning[];
}

/** A copy of `call` whose every value fits its column, and what had to change. */
export function fitToColumns(call: IngestedCall): FittedCall {
  const fitted = { ...call };
  const warnings: FieldWarning[] = [];
  for (const [column, limit] of Object.entries(CALL_LOG_COLUMN_LIMITS) as [string, ColumnLimit][]) {
    if (!Object.hasOwn(fitted, column)) continue;
    const field = column as FittedColumn;
    const value = fitted[field];
    if (value === null || value === undefined) continue;
    const fit = fitValue(value, limit, column);
    if (fit === undefined) continue;
    if (fit.value === null && NOT_NULL.has(column)) continue;
    (fitted as Record<string, unknown>)[field] = fit.value;
    warnings.push({ field: column, reason: fit.reason });
  }
  return { call: fitted, warnings };
}

/** The value the column can hold and why it changed, or undefined when it fits as it is. */
function fitValue(
  value: string | number,
  limit: ColumnLimit,
  column: string,
): { value: string | number | null; reason: string } | undefined {
  if (typeof value === 'number') return 'maxMagnitude' in limit ? fitFloat(value, limit.maxMagnitude) : undefined;
  if ('chars' in limit) return fitVarchar(value, limit.chars, column);
  if ('jsonDepth' in limit) return fitJson(value, limit);
  if ('bytes' in limit) return fitText(value, limit.bytes);
  if ('precision' in limit) return fitDecimal(value, limit);
  if ('minYear' in limit) return fitDateTime(value, limit);
  return undefined;
}

function fitFloat(value: number, maxMagnitude: number) {
  if (Number.isFinite(value) && Math.abs(value) <= maxMagnitude) return undefined;
  return { value: null, reason: `${value} is out of the column's range (FLOAT, at most ±${maxMagnitude}): dropped.` };
}

function fitVarchar(text: string, chars: number, column: string) {
  const length = [...text].length;
  if (length <= chars) return undefined;
  if (DROPPED_WHEN_TOO_LONG.has(column)) {
    return { value: null, reason: `${count(length)} characters do not fit VARCHAR(${chars}): dropped.` };
  }
  return { value: truncateCodePoints(text, chars), reason: `${count(length)} characters cut to ${count(chars)} (VARCHAR(${chars})).` };
}

function fitText(text: string, bytes: number) {
  const size = Buffer.byteLength(text, 'utf8');
  if (size <= bytes) return undefined;
  return { value: truncateUtf8(text, bytes), reason: `${count(size)} bytes cut to ${count(bytes)} (TEXT), at a character boundary.` };
}

function fitJson(text: string, limit: { jsonDepth: number; bytes: number }) {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > limit.bytes) {
    return {
      value: null,
      reason: `${count(size)} bytes of JSON, more than the ${count(limit.bytes)} kept: dropped (the inbox keeps the delivery).`,
    };
  }
  const depth = jsonNestingDepth(text);
  if (depth > limit.jsonDepth) {
    return {
      value: null,
      reason: `JSON nested ${count(depth)} levels deep; the database accepts ${limit.jsonDepth}: dropped (the inbox keeps the delivery).`,
    };
  }
  return undefined;
}

/** DECIMAL(p, s) text: at most p − s digits before the point (adapters write exactly s after it). */
function fitDecimal(text: string, { precision, scale }: { precision: number; scale: number }) {
  const whole = text.replace(/^-/, '').split('.')[0] ?? '';
  if (/^\d+$/.test(whole) && whole.replace(/^0+(?=\d)/, '').length <= precision - scale) return undefined;
  return {
    value: null,
    reason: `${count(whole.length)} digits before the point do not fit DECIMAL(${precision},${scale}): out of range, dropped.`,
  };
}

function fitDateTime(stored: string, { minYear, maxYear }: { minYear: number; maxYear: number }) {
  const year = Number(/^(\d{4})-/.exec(stored)?.[1]);
  if (year >= minYear && year <= maxYear) return undefined;
  return { value: null, reason: `not a date the column can hold (years ${minYear}–${maxYear}): dropped.` };
}

/**
 * The deepest nesting of arrays and objects in JSON text, counted as MariaDB does (`[[]]` is 2).
 * Read from the text in one pass, since a value nested too deep for the database may also be too
 * deep to walk recursively.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c)
        i++; // a backslash escapes the next character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return deepest;
}
