import { CALL_LOG_COLUMN_LIMITS } from '../../../db/database.js';
import { toStoredDateTime } from '../../../shared/datetime.js';
import type { FieldWarning } from '../provider.js';
import { asFiniteNumber } from './untrusted-json.js';

/** Instants as providers send them (ISO-8601 text, epoch milliseconds), checked to be storable. */

/** The DATETIME columns' range; outside it a value cannot be stored. */
const { minYear, maxYear } = CALL_LOG_COLUMN_LIMITS.call_started_at;
const MIN_STORABLE_MS = Date.UTC(minYear, 0, 1);
const MAX_STORABLE_MS = Date.UTC(maxYear + 1, 0, 1) - 1;

/** Date `T` time with optional seconds, fraction and zone (`Z`, `±hh`, `±hhmm`, `±hh:mm`). */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function storable(epochMs: number): number | undefined {
  return epochMs >= MIN_STORABLE_MS && epochMs <= MAX_STORABLE_MS ? epochMs : undefined;
}

/**
 * Epoch milliseconds of an ISO-8601 date-time, or undefined. Stricter than `Date.parse`, which also
 * accepts free text and impossible dates. A time without an offset is taken as UTC (providers send `Z`).
 * A fraction is truncated to milliseconds.
 */
export function parseIsoInstant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = ISO_DATE_TIME.exec(value.trim());
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone = 'Z'] = match;
  const [y, mo, d] = [Number(year), Number(month) - 1, Number(day)];
  const [h, mi, s] = [Number(hour), Number(minute), Number(second)];
  const wallMs = Date.UTC(y, mo, d, h, mi, s, Number(fraction.padEnd(3, '0').slice(0, 3)));
  // Date.UTC rolls 31 April over into 1 May (and years 0-99 into the 1900s); a round trip catches
  // every out-of-range field.
  const wall = new Date(wallMs);
  const isRealDateTime =
    wall.getUTCFullYear() === y &&
    wall.getUTCMonth() === mo &&
    wall.getUTCDate() === d &&
    wall.getUTCHours() === h &&
    wall.getUTCMinutes() === mi &&
    wall.getUTCSeconds() === s;
  const offsetMinutes = zoneOffsetMinutes(zone);
  if (!isRealDateTime || offsetMinutes === undefined) return undefined;
  return storable(wallMs - offsetMinutes * 60_000);
}

/** `Z`, `+05`, `+0530` or `-05:30` as minutes east of UTC. */
function zoneOffsetMinutes(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = zone.length > 3 ? Number(zone.slice(-2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

export function firstIsoInstant(...values: unknown[]): number | undefined {
  for (const value of values) {
    const epochMs = parseIsoInstant(value);
    if (epochMs !== undefined) return epochMs;
  }
  return undefined;
}

/**
 * The first storable instant among a column's sources (best first), with a warning for each source
 * that was sent but could not be read, so the inbox row says why the column holds another source's
 * value or nothing.
 */
export function firstInstantNoting(
  column: 'call_started_at' | 'call_ended_at',
  sources: Array<[name: string, value: unknown]>,
  read: (value: unknown) => number | undefined,
  warnings: FieldWarning[],
): number | undefined {
  const unreadable: string[] = [];
  let found: { name: string; epochMs: number } | undefined;
  for (const [name, value] of sources) {
    if (value === undefined || value === null) continue;
    const epochMs = read(value);
    if (epochMs !== undefined) {
      found = { name, epochMs };
      break;
    }
    unreadable.push(`\`${name}\` (${JSON.stringify(value).slice(0, 40)})`);
  }
  if (unreadable.length > 0) {
    const outcome = found === undefined ? 'dropped' : `\`${found.name}\` used instead`;
    const what = `not a real date-time between the years ${minYear} and ${maxYear}`;
    warnings.push({ field: column, reason: `${unreadable.join(', ')}: ${what}; ${outcome}.` });
  }
  return found?.epochMs;
}

/** A millisecond epoch timestamp (Retell), or undefined when absent or not storable. */
export function epochMsInstant(value: unknown): number | undefined {
  const epochMs = asFiniteNumber(value);
  return epochMs === undefined ? undefined : storable(Math.trunc(epochMs));
}

/** Storage text `YYYY-MM-DD HH:MM:SS` in UTC, truncated to whole seconds. */
export function storedDateTime(epochMs: number): string {
  return toStoredDateTime(new Date(epochMs));
}

/** The provider's own duration when it sent one, else the span between the timestamps (ms precision). */
export function callDurationSeconds(reportedSeconds: number | undefined, startedMs: number, endedMs: number | undefined): number | null {
  if (reportedSeconds !== undefined) return reportedSeconds;
  return endedMs === undefined ? null : Math.round(endedMs - startedMs) / 1000;
}
