import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DialectName } from '../../db/create-db.js';
import type { Database } from '../../db/database.js';
import { foldForSearch } from '../../shared/text.js';
import { fullTextMatch as mysqlFullText } from './search-mysql.js';
import { fullTextMatch as sqliteFullText } from './search-sqlite.js';

/**
 * The list's `search` rules, in one place:
 * every whitespace-separated term must match the caller's first name, last name, phone or the summary;
 * case and accents never matter; a word matches at least at the start of a word ("resched" finds
 * "reschedule"); a term of digits and phone punctuation with 3+ digits matches the phone's digits
 * anywhere ("(555)", "555-123", "4567" all find +15551234567); `%`, `_`, `\` are literal.
 *
 * Words go through the full-text index (one module per dialect); phone digits through the
 * `call_log_phone_suffixes` index; anything else (punctuation, words too short for the index) is a
 * literal substring match within the clinic.
 */
export type SearchTerm =
  | { kind: 'word'; text: string }
  | { kind: 'phone'; digits: string }
  | { kind: 'literal'; text: string };

const PHONE_TERM = /^[\d+().\-/]+$/;
const WORD = /^[\p{L}\p{N}]+$/u;

export function parseSearchTerms(search: string | undefined): SearchTerm[] {
  const words = (search ?? '').trim().split(/\s+/u).filter(Boolean);
  return words.map((word): SearchTerm => {
    const digits = word.replace(/\D/g, '');
    if (PHONE_TERM.test(word) && digits.length >= 3) return { kind: 'phone', digits };
    return WORD.test(word) ? { kind: 'word', text: word } : { kind: 'literal', text: word };
  });
}

type Eb = ExpressionBuilder<Database, 'call_logs'>;

const FULL_TEXT = { mysql: mysqlFullText, sqlite: sqliteFullText };

export function matchesSearch(eb: Eb, dialect: DialectName, clinicId: number, terms: SearchTerm[]): Expression<SqlBool> {
  const fullText = FULL_TEXT[dialect];
  const indexedWords = terms.flatMap((t) => (t.kind === 'word' && fullText.canIndex(t.text) ? [t.text] : []));
  const conditions: Expression<SqlBool>[] = [];
  if (indexedWords.length > 0) conditions.push(fullText.match(indexedWords));
  for (const term of terms) {
    if (term.kind === 'phone') conditions.push(phoneContains(eb, clinicId, term.digits));
    else if (term.kind === 'literal' || !fullText.canIndex(term.text)) conditions.push(containsLiterally(eb, dialect, term.text));
  }
  return eb.and(conditions);
}

function phoneContains(eb: Eb, clinicId: number, digits: string): Expression<SqlBool> {
  return eb(
    'call_logs.id',
    'in',
    eb
      .selectFrom('call_log_phone_suffixes')
      .select('call_log_id')
      .where('call_log_phone_suffixes.clinic_id', '=', clinicId)
      .where('suffix', 'like', `${digits}%`),
  );
}

/** `!` escapes LIKE wildcards in both dialects, so no backslash quoting rules come into play. */
const likeContains = (text: string) => `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;

const SEARCHED_COLUMNS = ['caller_first_name', 'caller_last_name', 'caller_phone_number', 'summary'] as const;

function containsLiterally(eb: Eb, dialect: DialectName, text: string): Expression<SqlBool> {
  // MariaDB's utf8mb4_unicode_ci collation already ignores case and accents; SQLite folds both sides.
  const pattern = likeContains(dialect === 'sqlite' ? foldForSearch(text) : text);
  return eb.or(
    SEARCHED_COLUMNS.map((column) =>
      dialect === 'sqlite'
        ? sql<SqlBool>`zc_fold(${sql.ref(`call_logs.${column}`)}) LIKE ${pattern} ESCAPE '!'`
        : sql<SqlBool>`${sql.ref(`call_logs.${column}`)} LIKE ${pattern} ESCAPE '!'`,
    ),
  );
}
