import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import { phoneDigitsOf } from '../../db/portable.js';
import { phoneDigits } from '../../shared/text.js';
import type { CallLogListRow } from '../call-logs/mapper.js';
import { callLogListRows } from '../call-logs/list-rows.js';

/**
 * "The same caller" is the same phone digits (every character but 0-9 dropped, the rule the phone
 * search and migration 005 use), compared whole. A number with fewer than 3 digits ("anonymous",
 * a hidden number) is nobody's repeat: it is never matched.
 *
 * Both questions are answered from `call_log_phone_suffixes`, whose rows hold every 3+-digit suffix
 * of each call's digits, kept by triggers on both databases, by primary-key look-ups alone
 * (clinic_id, suffix): the calls whose digits are exactly D are those with the suffix D, less those
 * with one of the ten suffixes "0D" … "9D" (a longer number ending in D has exactly one of them).
 */
export const MIN_MATCHED_DIGITS = 3;

const matchable = (digits: string) => digits.length >= MIN_MATCHED_DIGITS;

/** The suffixes one digit longer than `digits`: one of them is in every longer number that ends in it. */
const oneDigitLonger = (digits: string) => Array.from({ length: 10 }, (_, digit) => `${digit}${digits}`);

/**
 * How many of the clinic's calls come from each of these phone numbers (keyed by their digits), in
 * one grouped query over the index: the list asks for its page's rows at once. A number never
 * matched counts 1.
 */
export async function countCallsFromNumbers(db: Db, clinicId: number, phones: string[]): Promise<Map<string, number>> {
  const digits = [...new Set(phones.map(phoneDigits).filter(matchable))];
  const counts = new Map<string, number>();
  if (digits.length === 0) return counts;
  const rows = await db
    .selectFrom('call_log_phone_suffixes')
    .select(['suffix', (eb) => eb.fn.countAll<number>().as('total')])
    .where('clinic_id', '=', clinicId)
    .where('suffix', 'in', [...new Set(digits.flatMap((number) => [number, ...oneDigitLonger(number)]))])
    .groupBy('suffix')
    .execute();
  const found = new Map(rows.map((row) => [row.suffix, Number(row.total)]));
  for (const number of digits) {
    const whole = (found.get(number) ?? 0) - oneDigitLonger(number).reduce((sum, longer) => sum + (found.get(longer) ?? 0), 0);
    if (whole > 0) counts.set(number, whole);
  }
  return counts;
}

/**
 * `countCallsFromNumbers` for the one call a query reads, as a column of that query (`call_logs` in
 * its FROM): the detail costs one round trip, not two. The call's suffix rows, plus one per longer
 * number ending in its digits and minus one for each of those longer ones (a number of fewer than 3
 * digits counts 1).
 */
export function callerCallCountColumn(db: Db): RawBuilder<number> {
  const digits = phoneDigitsOf(db, 'call_logs.caller_phone_number');
  const suffixes = [digits, ...oneDigitLonger('').map((digit) => phoneDigitsOf(db, 'call_logs.caller_phone_number', digit))];
  return sql<number>`CASE WHEN LENGTH(${digits}) < ${sql.lit(MIN_MATCHED_DIGITS)} THEN 1 ELSE COALESCE((
    SELECT SUM(CASE WHEN s.suffix = ${digits} THEN 1 ELSE -1 END) FROM call_log_phone_suffixes s
    WHERE s.clinic_id = call_logs.clinic_id AND s.suffix IN (${sql.join(suffixes)})), 1) END`;
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
  const others = db
    .selectFrom('call_log_phone_suffixes as same')
    .where('same.clinic_id', '=', call.clinic_id)
    .where('same.suffix', '=', digits)
    .where('same.call_log_id', '<>', call.id)
    .where('same.call_log_id', 'not in', (eb) =>
      eb
        .selectFrom('call_log_phone_suffixes as longer')
        .select('longer.call_log_id')
        .where('longer.clinic_id', '=', call.clinic_id)
        .where('longer.suffix', 'in', oneDigitLonger(digits)),
    );
  const [counted, rows] = await Promise.all([
    others.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    callLogListRows(db)
      .innerJoin(others.select('same.call_log_id').as('other'), 'other.call_log_id', 'call_logs.id')
      .orderBy('call_logs.call_started_at', 'desc')
      .orderBy('call_logs.id', 'desc')
      .limit(paging.limit)
      .offset(paging.offset)
      .execute(),
  ]);
  return { total: Number(counted.total), rows };
}
