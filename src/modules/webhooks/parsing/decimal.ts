import { CALL_LOG_COLUMN_LIMITS } from '../../../db/database.js';

/** Exact decimal text for DECIMAL columns, worked on digits rather than on binary floats. */

export interface DecimalLimit {
  /** Digits in all. */
  precision: number;
  /** Digits after the point. */
  scale: number;
}

/**
 * `value × 10^shift` as DECIMAL(precision, scale) text, rounded half-up (away from zero) to `scale`
 * places, or null if it does not fit. Works on the shortest decimal form of the number (what the
 * sender wrote), since `toFixed` rounds the binary value: 0.123455 would become 0.12345. `shift`
 * lets a provider that bills in cents (-2) convert without a lossy float division.
 */
export function decimalText(value: number, { precision, scale }: DecimalLimit, shift = 0): string | null {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (match === null) return null;
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  const digits = whole + fraction;
  // How many leading digits form the integer part of value × 10^(shift + scale).
  const keptCount = whole.length + Number(exponent) + shift + scale;
  const kept = keptCount <= 0 ? '0' : digits.slice(0, keptCount).padEnd(keptCount, '0');
  const roundsUp = keptCount >= 0 && (digits[keptCount] ?? '0') >= '5';
  const scaled = (BigInt(kept) + (roundsUp ? 1n : 0n)).toString();
  if (scaled.length > precision) return null;
  const padded = scaled.padStart(scale + 1, '0');
  const text = scale === 0 ? scaled : `${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
  return sign === '-' && scaled !== '0' ? `-${text}` : text;
}

/**
 * The `cost` column: DECIMAL text at the column's scale, or NULL when no cost was sent. Any number
 * of digits before the point: a cost too large for the column is dropped, with a warning, when the
 * call is fitted to its columns (column-fit.ts).
 */
export function costColumn(value: number | undefined, shift = 0): string | null {
  const { scale } = CALL_LOG_COLUMN_LIMITS.cost;
  return value === undefined ? null : decimalText(value, { precision: Number.POSITIVE_INFINITY, scale }, shift);
}
