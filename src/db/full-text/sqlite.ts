import { sql, type Expression, type SqlBool } from 'kysely';
import type { FullTextIndex } from './full-text.js';

/**
 * SQLite FTS5 (`call_logs_fts`, tokenizer unicode61 with diacritics removed): `"word"*` requires
 * every word as a word prefix in first name, last name or summary. Every word can be indexed.
 */
export const sqliteFullText: FullTextIndex = {
  canIndex: () => true,
  match: (words: string[]): Expression<SqlBool> =>
    sql<SqlBool>`call_logs.id IN (SELECT rowid FROM call_logs_fts WHERE call_logs_fts MATCH ${words
      .map((word) => `"${word}"*`)
      .join(' ')})`,
};
