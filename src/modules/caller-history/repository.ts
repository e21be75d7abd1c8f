import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import { phoneDigitsOf } from '../../db/portable.js';
import { wordIndexOf } from '../../db/word-index/word-index.js';
import { phoneDigits } from '../../shared/text.js';
import type { CallLogListRow } from '../call-logs/mapper.js';
import { callLogListRows } from '../call-logs/list-rows.js';

/**
 * "The same caller" is the same phone digits (every character but 0-9 dropped, the rule the phone
 * search and migration 005 use), compared whole. A number with fewer than 3 digits ("anonymous",
 * a hidden number) is nobody's repeat: it is never matched.
 *
 * Every question is answered from the word index (`call_log_words`, kept by triggers on both
 * databases): each call holds the digit suffix that is its whole number with no digit before it
 * (`wholeNumber`), so the calls from exactly one number are one key of the clinic, read by
 * primary-key look-up (clinic_id, word) and already in call order.
 */
export const MIN_MATCHED_DIGITS = 3;

const matchable = (digits: string) => digits.length >= MIN_MATCHED_DIGITS;

/** The clinic's word-index rows of the calls from exactly `digits` (SQL text). */
function callsFromNumber(db: Db, clinicId: number | RawBuilder<number>, digits: RawBuilder<string>) {
  return sql`FROM call_log_words WHERE clinic_id = ${clinicId} AND ${wordIndexOf(db).wholeNumber(digits)}`;
}

/**
 * How many of the clinic's calls come from each of these phone numbers (keyed by their digits), in
 * one statement of one index look-up per number: the list asks for its page's rows at once. A number
 * never matched counts 1.
 */
export async function countCallsFromNumbers(db: Db, clinicId: number, phones: string[]): Promise<Map<string, number>> {
  const digits = [...new Set(phones.map(phoneDigits).filter(matchable))];
  const counts = new Map<string, number>();
  if (digits.length === 0) return counts;
  const columns = digits.map(
    (number, i) => sql`(SELECT COUNT(*) ${callsFromNumber(db, clinicId, sql.val(number))}) AS ${sql.ref(`n${i}`)}`,
  );
  const { rows } = await sql<Record<string, number | string>>`SELECT ${sql.join(columns)}`.execute(db);
  digits.forEach((number, i) => {
    const total = Number(rows[0]![`n${i}`]);
    if (total > 0) counts.set(number, total);
  });
  return counts;
}

/**
 * `countCallsFromNumbers` for the one call a query reads, as a column of that query (`call_logs` in
 * its FROM): the detail costs one round trip, not two.
 */
export function callerCallCountColumn(db: Db): RawBuilder<number> {
  const digits = phoneDigitsOf(db, 'call_logs.caller_phone_number');
  return sql<number>`CASE WHEN LENGTH(${digits}) < ${sql.lit(MIN_MATCHED_DIGITS)} THEN 1
    ELSE (SELECT COUNT(*) ${callsFromNumber(db, sql<number>`call_logs.clinic_id`, digits)}) END`;
}

/** The count of the call's own number in `counts` (1 when it is never matched). */
export const callerCallCount = (counts: Map<string, number>, phone: string): number => counts.get(phoneDigits(phone)) ?? 1;

/** The other calls of the clinic from this number, newest first, and how many there are. */
export async function listCallsFromNumber(
  db: Db,
  call: { id: number; clinic_id: number; caller_phone_number: string },
  paging: { limit: number; offset: number },
): Promise<{ total: number; rows: CallLogListRow[] }> {
  const digits = phoneDigits(call.caller_phone_number);
  if (!matchable(digits)) return { total: 0, rows: [] };
  const others = sql`${callsFromNumber(db, call.clinic_id, sql.val(digits))} AND call_log_id <> ${call.id}`;
  const [counted, rows] = await Promise.all([
    sql<{ total: number | string }>`SELECT COUNT(*) AS total ${others}`.execute(db),
    callLogListRows(db)
      .innerJoin(sql<{ call_log_id: number }>`(SELECT call_log_id ${others})`.as('other'), 'other.call_log_id', 'call_logs.id')
      .orderBy('call_logs.call_started_at', 'desc')
      .orderBy('call_logs.id', 'desc')
      .limit(paging.limit)
      .offset(paging.offset)
      .execute(),
  ]);
  return { total: Number(counted.rows[0]!.total), rows };
}
