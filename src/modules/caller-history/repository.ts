import { sql, type JoinBuilder, type RawBuilder } from 'kysely';
import type { CallLogCallerCountsTable, Database, Db } from '../../db/database.js';
import { MIN_MATCHED_DIGITS } from '../../db/migrations/2026-12-04-016-caller-counts.js';
import { phoneDigitsOf } from '../../db/portable.js';
import { wordIndexOf } from '../../db/word-index/word-index.js';
import { phoneDigits } from '../../shared/text.js';
import type { CallLogListRow } from '../call-logs/mapper.js';
import { callLogListRows } from '../call-logs/list-rows.js';

/**
 * "The same caller" is the same phone digits (every character but 0-9 dropped, the rule the phone
 * search and migration 005 use), compared whole. A number with fewer than MIN_MATCHED_DIGITS digits
 * ("anonymous", a hidden number) is nobody's repeat: it is never matched.
 *
 * How many calls came from a number is a row of `call_log_caller_counts` (kept by triggers on both
 * databases, migration 016), read by primary key. The calls themselves come from the word index
 * (`call_log_words`): each call holds the digit suffix that is its whole number with no digit before
 * it (`wholeNumber`), so the calls from exactly one number are one key of the clinic, already in call order.
 */
const matchable = (digits: string) => digits.length >= MIN_MATCHED_DIGITS;

/** The clinic's word-index rows of the calls from exactly `digits`. */
function callsFromNumber(db: Db, clinicId: number, digits: string) {
  return sql`FROM call_log_words WHERE clinic_id = ${clinicId} AND ${wordIndexOf(db).wholeNumber(sql.val(digits))}`;
}

/**
 * How many of the clinic's calls come from each of these phone numbers (keyed by their digits), in
 * one statement: the list asks for its page's rows at once. A number never matched counts 1.
 */
export async function countCallsFromNumbers(db: Db, clinicId: number, phones: string[]): Promise<Map<string, number>> {
  const digits = [...new Set(phones.map(phoneDigits).filter(matchable))];
  const counts = new Map<string, number>();
  if (digits.length === 0) return counts;
  const rows = await db
    .selectFrom('call_log_caller_counts')
    .select(['phone_digits', 'calls'])
    .where('clinic_id', '=', clinicId)
    .where('phone_digits', 'in', digits)
    .execute();
  for (const row of rows) if (Number(row.calls) > 0) counts.set(row.phone_digits, Number(row.calls));
  return counts;
}

/**
 * The caller's count as a column of a query that joins `callerCountOfCall` (`callers`): the detail
 * costs one round trip, not two.
 */
export const callerCallCountColumn = sql<number>`COALESCE(callers.calls, 1)`;

/** The join condition of the call's own count row (`call_log_caller_counts as callers`) in a query over `call_logs`. */
export const callerCountOfCall =
  (db: Db) =>
  <J extends JoinBuilder<Database & { callers: CallLogCallerCountsTable }, 'call_logs' | 'callers'>>(join: J) =>
    join
      .onRef('callers.clinic_id', '=', 'call_logs.clinic_id')
      .on('callers.phone_digits', '=', phoneDigitsOf(db, 'call_logs.caller_phone_number'));

/**
 * The count a new call from `phone` brings its caller to, as a column of a query over the call's
 * clinic (`clinicIdColumn`), read before the call is stored: ingestion reads it with the call's route
 * instead of counting again after the insert. A call from the same number committed meanwhile by
 * another report is missed by this one figure, never by the count the list and the detail read.
 */
export function callerCallsWithNewCall(clinicIdColumn: string, phone: string): RawBuilder<number> {
  const digits = phoneDigits(phone);
  if (!matchable(digits)) return sql<number>`1`;
  return sql<number>`(COALESCE((SELECT calls FROM call_log_caller_counts WHERE clinic_id = ${sql.ref(clinicIdColumn)}
    AND phone_digits = ${digits}), 0) + 1)`;
}

/** The count of the call's own number in `counts` (1 when it is never matched). */
export const callerCallCount = (counts: Map<string, number>, phone: string): number => counts.get(phoneDigits(phone)) ?? 1;

/** A page of the clinic's other calls from this number, newest first (how many there are is the caller's count less one). */
export async function listCallsFromNumber(
  db: Db,
  call: { id: number; clinic_id: number; caller_phone_number: string },
  paging: { limit: number; offset: number },
): Promise<CallLogListRow[]> {
  const digits = phoneDigits(call.caller_phone_number);
  if (!matchable(digits)) return [];
  const others = sql<{
    call_log_id: number;
  }>`(SELECT call_log_id ${callsFromNumber(db, call.clinic_id, digits)} AND call_log_id <> ${call.id})`;
  return callLogListRows(db)
    .innerJoin(others.as('other'), 'other.call_log_id', 'call_logs.id')
    .orderBy('call_logs.call_started_at', 'desc')
    .orderBy('call_logs.id', 'desc')
    .limit(paging.limit)
    .offset(paging.offset)
    .execute();
}
