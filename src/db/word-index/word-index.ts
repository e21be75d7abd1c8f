import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { dialectOf, type AnyDb } from '../dialect.js';
import { foldForSearch } from '../../shared/text.js';
import { LONGEST_PREFIX, MAX_WORD_LENGTH, PHONE_RUN_MARK } from './keys.js';

/**
 * How each database spells a key of `call_log_words` (keys.ts says what the keys are). MariaDB stores
 * the utf8mb4_unicode_ci weights of a word (`WEIGHT_STRING`): binary keys compare fast and are equal
 * exactly when the collation calls the words equal (case and accents ignored, as in every other
 * comparison of the seed's columns). SQLite stores the word folded by `foldForSearch`.
 */
export interface WordIndexDialect {
  /** True when `term` is one key (a prefix or short word); otherwise it is a range of words. */
  isOneKey(term: string): boolean;
  /** The key of a term that is one key (or of a whole word). */
  key(term: string): RawBuilder<unknown>;
  /** `column` holds a key that starts with `term`: a word's (`word`) or a phone run's (`phone-run`). */
  startsWith(column: string, term: string, kind: 'word' | 'phone-run'): RawBuilder<SqlBool>;
  /**
   * The rows (`word`, `digits_before` of call_log_words) of the calls whose phone holds `digits`: the
   * digit suffixes starting with them, each call once (at the suffix where `digits` first occur).
   */
  phoneDigits(digits: string): RawBuilder<SqlBool>;
  /**
   * The rows of the calls whose phone's digits are exactly `digits` (SQL text): the digit suffix that
   * is the whole number, with no digit before it. One key, so one index look-up per number.
   */
  wholeNumber(digits: Expression<string>): RawBuilder<SqlBool>;
}

const cut = (text: string) => [...text].slice(0, MAX_WORD_LENGTH).join('');

const weights = (text: string) => sql`WEIGHT_STRING(CONVERT(${cut(text)} USING utf8mb4) COLLATE utf8mb4_unicode_ci)`;

const mysqlWordIndex: WordIndexDialect = {
  isOneKey: (term) => [...term].length <= LONGEST_PREFIX && [...term].length >= 2,
  key: weights,
  startsWith: (column, term, kind) => {
    const low = kind === 'word' ? weights(term) : sql`CONCAT(0x0000, ${weights(term)})`;
    // No weight is 0xFFFF: every key that starts with `low` sorts before `low` + 0xFFFF.
    return sql<SqlBool>`(${sql.ref(column)} >= ${low} AND ${sql.ref(column)} < CONCAT(${low}, 0xFFFF))`;
  },
  phoneDigits: (digits) =>
    sql<SqlBool>`(word >= CONCAT(0x00000001, ${digits}) AND word < CONCAT(0x00000001, ${digits}, 0xFF)
      AND LOCATE(${digits}, CONCAT(digits_before, SUBSTRING(word, 5, ${digits.length - 1}))) = 0)`,
  wholeNumber: (digits) => sql<SqlBool>`(word = CONCAT(0x00000001, ${digits}) AND digits_before = '')`,
};

const sqliteWordIndex: WordIndexDialect = {
  isOneKey: (term) => [...foldForSearch(term)].length <= LONGEST_PREFIX && [...foldForSearch(term)].length >= 2,
  key: (term) => sql`${cut(foldForSearch(term))}`,
  startsWith: (column, term, kind) => {
    const low = (kind === 'word' ? '' : PHONE_RUN_MARK) + cut(foldForSearch(term));
    // U+10FFFF is no letter or digit: every key that starts with `low` sorts before `low` + U+10FFFF.
    return sql<SqlBool>`(${sql.ref(column)} >= ${low} AND ${sql.ref(column)} < ${low + '\u{10FFFF}'})`;
  },
  phoneDigits: (digits) =>
    sql<SqlBool>`(word >= ${`\u0002${digits}`} AND word < ${`\u0002${digits}\u{10FFFF}`}
      AND instr(digits_before || substr(word, 2, ${digits.length - 1}), ${digits}) = 0)`,
  wholeNumber: (digits) => sql<SqlBool>`(word = (char(2) || ${digits}) AND digits_before = '')`,
};

export function wordIndexOf(db: AnyDb): WordIndexDialect {
  return dialectOf(db) === 'mysql' ? mysqlWordIndex : sqliteWordIndex;
}
