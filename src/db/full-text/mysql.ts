import { sql, type Expression, type SqlBool } from 'kysely';
import type { FullTextIndex } from './full-text.js';

/**
 * MariaDB FULLTEXT (InnoDB, boolean mode): `+word*` requires every word as a word prefix in first
 * name, last name or summary. The column collation (utf8mb4_unicode_ci) ignores case and accents.
 */

/** InnoDB's defaults: words shorter than innodb_ft_min_token_size, and its stopwords, are not indexed. */
const MIN_TOKEN_LENGTH = 3;
const STOPWORDS = new Set(
  'a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(
    ' ',
  ),
);

export const mysqlFullText: FullTextIndex = {
  canIndex: (word: string) => [...word].length >= MIN_TOKEN_LENGTH && !STOPWORDS.has(word.toLowerCase()),
  match: (words: string[]): Expression<SqlBool> =>
    sql<SqlBool>`MATCH (call_logs.caller_first_name, call_logs.caller_last_name, call_logs.summary) AGAINST (${words
      .map((word) => `+${word}*`)
      .join(' ')} IN BOOLEAN MODE)`,
};
