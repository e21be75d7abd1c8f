/**
 * The word index's keys (keys.ts says what they are) as MariaDB computes them in SQL from a row of
 * `call_logs` (`NEW`, `OLD` or a table alias): the triggers of migrations 013 and 015 and the rebuild
 * use these, so a key has one spelling. The stored keys are the utf8mb4_unicode_ci weights of a word
 * (`WEIGHT_STRING`); word-index.ts spells the same keys for a search term.
 *
 * Each `*Key` expression reads the aliases its `FROM` piece declares: `j.w` (one run of letters and
 * digits) and `p.n` (a position of `zc_positions`) for words and phone runs, `x.d` (the phone's digits)
 * and `p.n` for digit suffixes.
 */

/** A text's runs of letters and digits as a JSON array: only letters and digits, so no quoting. */
const runsOf = (text: string) => `CONCAT('["', REPLACE(TRIM(REGEXP_REPLACE(${text}, '[^\\\\p{L}\\\\p{N}]+', ' ')), ' ', '","'), '"]')`;
const weightOf = (text: string) => `WEIGHT_STRING(CONVERT(${text} USING utf8mb4) COLLATE utf8mb4_unicode_ci)`;
const eachRun = (json: string) => `JSON_TABLE(${json}, '$[*]' COLUMNS (w text PATH '$')) j`;

/**
 * A row's words (names and summary), each joined to the positions of its keys (`p.n`): a `FROM` piece.
 * The words first: the other order reads the JSON again for each position (measured: a third slower).
 */
export const mysqlWordsOf = (row: string) =>
  `${eachRun(runsOf(`CONCAT_WS(' ', ${row}.caller_first_name, ${row}.caller_last_name, ${row}.summary)`))}
    STRAIGHT_JOIN zc_positions p ON p.n BETWEEN 2 AND 4 AND (p.n = 4 OR CHAR_LENGTH(j.w) > p.n)`;
/** Position 4 stands for the whole word (cut to 200 characters), 2 and 3 for the prefixes of longer words. */
export const mysqlWordKey = weightOf('IF(p.n = 4, LEFT(j.w, 200), LEFT(j.w, p.n))');

/** The runs of letters and digits of a row's phone: a `FROM` piece. */
export const mysqlPhoneRunsOf = (row: string) => eachRun(runsOf(`COALESCE(${row}.caller_phone_number, '')`));
/** Marked 0x0000, which starts no word's weights. */
export const mysqlPhoneRunKey = `CONCAT(0x0000, ${weightOf('LEFT(j.w, 200)')})`;

/** The condition that goes with the two pieces above: a text without letters or digits gives one empty run. */
export const MYSQL_SOME_RUN = `j.w <> ''`;

/** A phone's digits: every character but 0-9 dropped (migration 005's rule). */
export const mysqlDigitsOf = (phone: string) => `REGEXP_REPLACE(${phone}, '[^0-9]', '')`;

/**
 * The phone's digit suffixes (3+ digits, migration 005's rule): a `FROM` piece. Each key is marked
 * 0x00000001 and stored with the digits before it (`mysqlDigitsBefore`): a digit term is a range of
 * suffixes, and a call counts once, at the suffix where the term first occurs (word-index.ts).
 *
 * The digits are CAST to a sized string: REGEXP_REPLACE is typed as a long text, and MariaDB keeps a
 * derived table with a long text column in an on-disk (Aria) temporary table, a file created and
 * removed for every row a trigger handles (measured: 286 µs per statement, 58 µs with the CAST).
 * A phone column holds at most 30 characters, so 64 never cuts one.
 */
export const mysqlPhoneDigitsOf = (row: string) =>
  `(SELECT CAST(${mysqlDigitsOf(`${row}.caller_phone_number`)} AS CHAR(64)) AS d) x JOIN zc_positions p ON p.n <= CHAR_LENGTH(x.d) - 2`;
export const mysqlDigitKey = `CONCAT(0x00000001, SUBSTRING(x.d, p.n))`;
export const mysqlDigitsBefore = `LEFT(x.d, p.n - 1)`;
