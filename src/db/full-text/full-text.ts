import type { Expression, SqlBool } from 'kysely';
import { dialectOf, type AnyDb } from '../dialect.js';
import { mysqlFullText } from './mysql.js';
import { sqliteFullText } from './sqlite.js';

/**
 * The full-text index over a call's first name, last name and summary (migration 004): one module
 * per dialect behind this signature. Words it cannot index (too short, stopwords) must be matched
 * some other way by the caller.
 */
export interface FullTextIndex {
  canIndex(word: string): boolean;
  /** Every word, as a word prefix, in first name, last name or summary (case and accents ignored). */
  match(words: string[]): Expression<SqlBool>;
}

export function callLogFullText(db: AnyDb): FullTextIndex {
  return dialectOf(db) === 'mysql' ? mysqlFullText : sqliteFullText;
}
