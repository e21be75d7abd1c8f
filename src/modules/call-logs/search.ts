import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database, Db } from '../../db/database.js';
import { callLogFullText } from '../../db/full-text/full-text.js';
import { containsFolded } from '../../db/portable.js';

/**
 * The list's `search` rules, in one place:
 * every whitespace-separated term must match the caller's first name, last name, phone or the summary;
 * case and accents never matter; a word matches at least at the start of a word ("resched" finds
 * "reschedule"); a term of digits and phone punctuation with 3+ digits matches the phone's digits
 * anywhere ("(555)", "555-123", "4567" all find +15551234567); `%`, `_`, `\` are literal.
 *
 * Words go through the full-text index (src/db/full-text/); phone digits through the
 * `call_log_phone_suffixes` index; anything else (punctuation, words too short for the index) is a
 * literal substring match within the clinic.
 */
export type SearchTerm = { kind: 'word'; text: string } | { kind: 'phone'; digits: string } | { kind: 'literal'; text: string };

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

export function matchesSearch(db: Db, eb: Eb, clinicId: number, terms: SearchTerm[]): Expression<SqlBool> {
  const fullText = callLogFullText(db);
  const indexedWords = terms.flatMap((t) => (t.kind === 'word' && fullText.canIndex(t.text) ? [t.text] : []));
  const conditions: Expression<SqlBool>[] = [];
  if (indexedWords.length > 0) conditions.push(fullText.match(indexedWords));
  for (const term of terms) {
    if (term.kind === 'phone') conditions.push(phoneContains(eb, clinicId, term.digits));
    else if (term.kind === 'literal' || !fullText.canIndex(term.text)) conditions.push(containsLiterally(db, eb, term.text));
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

const SEARCHED_COLUMNS = ['caller_first_name', 'caller_last_name', 'caller_phone_number', 'summary'] as const;

function containsLiterally(db: Db, eb: Eb, text: string): Expression<SqlBool> {
  return eb.or(SEARCHED_COLUMNS.map((column) => containsFolded(db, `call_logs.${column}`, text)));
}
