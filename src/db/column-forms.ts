import type { CallLogRow, CallLogsTable } from './database.js';
import type { Selectable } from 'kysely';

/**
 * One form per value, whichever database holds it: a row read through `asCallLogRow` and values
 * written through `putInStoredForm` compare with `===` (ingestion tells a changed field from a re-delivered one so).
 * - `cost`, DECIMAL(10,5): MariaDB hands it back as exact text ("0.12230"), SQLite as a number
 *   (0.1223); read as text with five places, the form the ingestion writes.
 * - `call_duration_seconds`, FLOAT: MariaDB keeps about 7 significant digits (12.345 reads back as
 *   12.3450002…), SQLite all of them; seconds to the millisecond, what the product promises, both ways.
 * - `is_existing_patient`, tinyint(1): a number, 0 or 1.
 */

const DECIMAL_PLACES = 5;

export const toMilliseconds = (seconds: number) => Math.round(seconds * 1000) / 1000;

type FormedColumns = Pick<Selectable<CallLogsTable>, 'cost' | 'call_duration_seconds' | 'is_existing_patient'>;

/** The row itself (copying a detail row costs more than the rest of its mapping), with its values in one form. */
export function asCallLogRow<Row extends FormedColumns>(row: Row): Row & Pick<CallLogRow, keyof FormedColumns> {
  const { cost, call_duration_seconds: duration, is_existing_patient: existing } = row;
  return Object.assign(row, {
    cost: typeof cost === 'number' ? cost.toFixed(DECIMAL_PLACES) : cost,
    call_duration_seconds: duration === null ? null : toMilliseconds(Number(duration)),
    is_existing_patient: existing === null ? null : Number(existing),
  });
}

/** Puts values about to be written in the form `asCallLogRow` reads them back in (in place, like `asCallLogRow`). */
export function putInStoredForm(values: { cost?: string | null; call_duration_seconds?: number | null }): void {
  if (typeof values.cost === 'string') values.cost = Number(values.cost).toFixed(DECIMAL_PLACES);
  if (typeof values.call_duration_seconds === 'number') values.call_duration_seconds = toMilliseconds(values.call_duration_seconds);
}
