import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { DialectName } from '../../db/create-db.js';
import type { Database } from '../../db/database.js';
import { foldForSearch } from '../../shared/text.js';

/**
 * The list's `search` rules, in one place:
 * every whitespace-separated term must match the caller's first name, last name, phone or the summary;
 * case and accents never matter; a term of digits and phone punctuation with 3+ digits matches the
 * phone's digits anywhere ("(555)", "555-123", "4567" all find +15551234567); `%`, `_`, `\` are literal.
 */
export type SearchTerm = { kind: 'text'; text: string } | { kind: 'phone'; digits: string };

const PHONE_TERM = /^[\d+().\-/]+$/;

export function parseSearchTerms(search: string | undefined): SearchTerm[] {
  const words = (search ?? '').trim().split(/\s+/u).filter(Boolean);
  return words.map((word) => {
    const digits = word.replace(/\D/g, '');
    return PHONE_TERM.test(word) && digits.length >= 3 ? { kind: 'phone', digits } : { kind: 'text', text: word };
  });
}

/** `!` escapes LIKE wildcards in both dialects, so no backslash quoting rules come into play. */
const likeContains = (text: string) => `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;

/** The phone's digits: strips what people and carriers put between them. */
const phoneDigits = sql<string>`replace(replace(replace(replace(replace(replace(caller_phone_number, '+', ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', '')`;

type Eb = ExpressionBuilder<Database, 'call_logs'>;

export function matchesSearch(eb: Eb, dialect: DialectName, terms: SearchTerm[]): Expression<SqlBool> {
  return eb.and(terms.map((term) => matchesTerm(eb, dialect, term)));
}

function matchesTerm(eb: Eb, dialect: DialectName, term: SearchTerm): Expression<SqlBool> {
  if (term.kind === 'phone') return sql<SqlBool>`${phoneDigits} LIKE ${likeContains(term.digits)} ESCAPE '!'`;
  // MariaDB's utf8mb4_unicode_ci collation already ignores case and accents; SQLite folds both sides.
  const pattern = likeContains(dialect === 'sqlite' ? foldForSearch(term.text) : term.text);
  const columns = ['caller_first_name', 'caller_last_name', 'caller_phone_number', 'summary'] as const;
  return eb.or(
    columns.map((column) =>
      dialect === 'sqlite'
        ? sql<SqlBool>`zc_fold(${sql.ref(column)}) LIKE ${pattern} ESCAPE '!'`
        : sql<SqlBool>`${sql.ref(column)} LIKE ${pattern} ESCAPE '!'`,
    ),
  );
}
