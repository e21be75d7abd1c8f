import { foldForSearch } from '../../shared/text.js';

/**
 * The keys of the clinic-scoped word index (`call_log_words`, migration 013), as Zenicall computes them
 * for SQLite (MariaDB computes the same keys in its triggers, with its collation's weights instead of
 * folded text; see mysql-keys.ts).
 *
 * A call has one row per distinct key:
 * - every word (a run of letters and digits) of its first name, last name and summary, cut to
 *   `MAX_WORD_LENGTH` characters (a search term is never longer);
 * - the 2- and 3-character prefix of each longer word, so a 2- or 3-character term is one key (one
 *   index range, newest first, counted inside the index) rather than every word it begins;
 * - every run of letters and digits of its phone, marked so names never meet phone runs: a literal
 *   term ("Jean-François", "O'Brien") must also find a phone that holds it.
 * A term of 4 or more characters is a range of whole words (`word LIKE 'term%'`).
 */

export const MAX_WORD_LENGTH = 200;
export const PREFIX_LENGTHS = [2, 3] as const;
/** Terms up to this many characters are one key (a prefix or a short word); longer ones a range of words. */
export const LONGEST_PREFIX = 3;
/** Starts a phone-run key (SQLite); no word contains it. */
export const PHONE_RUN_MARK = '\u0001';

const SEPARATOR = /[^\p{L}\p{N}]+/u;

/** The runs of letters and digits of `text`, folded (case and accents dropped). */
export function foldedWords(text: string): string[] {
  return foldForSearch(text)
    .split(SEPARATOR)
    .filter((word) => word !== '');
}

const cut = (chars: string[], length: number) => chars.slice(0, length).join('');

/** The distinct keys of a call: what the SQLite triggers store (through the `zc_search_keys` function). */
export function searchKeys(firstName: string | null, lastName: string | null, summary: string | null, phone: string | null): string[] {
  const keys = new Set<string>();
  for (const text of [firstName, lastName, summary]) {
    if (!text) continue;
    for (const word of foldedWords(text)) {
      const chars = [...word];
      keys.add(cut(chars, MAX_WORD_LENGTH));
      for (const length of PREFIX_LENGTHS) if (chars.length > length) keys.add(cut(chars, length));
    }
  }
  if (phone) for (const run of foldedWords(phone)) keys.add(PHONE_RUN_MARK + cut([...run], MAX_WORD_LENGTH));
  return [...keys];
}
