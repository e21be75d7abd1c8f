import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { CallStatus, Db } from '../../db/database.js';
import { containsFolded, phoneDigitsOf } from '../../db/portable.js';
import { wordIndexOf, type WordIndexDialect } from '../../db/word-index/word-index.js';
import { callLogListRows } from './list-rows.js';
import type { CallLogListRow } from './mapper.js';

/**
 * The list's `search` rules, in one place:
 * every whitespace-separated term must match the caller's first name, last name, phone or the summary;
 * case and accents never matter; a word matches at the start of a word ("resched" finds
 * "reschedule"); a term of digits and phone punctuation with 3+ digits matches the phone's digits
 * anywhere ("(555)", "555-123", "4567" all find +15551234567); any other term (punctuation inside:
 * "Jean-François", "50%") is a literal substring of one of the four columns; `%`, `_`, `\` are literal.
 *
 * How a search runs (the clinic-scoped word index of migration 013, `call_log_words`): each term is
 * one or a few index ranges within the clinic (a word, a 2–3 character prefix, the words a longer
 * term begins), or the phone's digit suffixes (keys of the same index). The rarest term drives:
 * its rows come newest first from the index, and each other term (and the status and reason
 * filters) is checked per row by primary-key lookups. Totals are counted the same way, inside the
 * indexes. A literal term is narrowed by the words it must contain (after punctuation, a word starts)
 * and then compared as text.
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

/** What a search narrows besides its terms: the list's other filters (the repository's `CallLogFilters`). */
export interface SearchFilters {
  clinicId: number;
  terms: SearchTerm[];
  statuses: CallStatus[];
  reasons: string[];
  startedFrom?: string;
  startedTo?: string;
}

const plans = new WeakMap<SearchFilters, Promise<SearchPlan>>();

/** One plan per filters object: a page and its total, asked together, share it. */
export function searchPlanFor(db: Db, filters: SearchFilters): Promise<SearchPlan> {
  let plan = plans.get(filters);
  if (!plan) {
    plan = planSearch(db, filters);
    plans.set(filters, plan);
  }
  return plan;
}

/** A key value as the database returned it (binary weights on MariaDB, text on SQLite), or a term's key. */
type Key = RawBuilder<unknown>;

/**
 * One necessary condition on a call, with the two ways to use it: as the rows that drive the search
 * (`rows`: call_started_at and call_log_id, `unique` when each call comes once) or as a check of a
 * driving row `d` (`holds`).
 */
interface Condition {
  /** How many calls pass, counted up to ESTIMATE_CAP (0: none); only asked when terms must be compared. */
  estimate: () => Promise<number>;
  /** Known to match nothing without asking the database. */
  none?: boolean;
  unique: boolean;
  /** Branches whose union is the condition's rows, each newest first when read alone. */
  branches: RawBuilder<unknown>[];
  holds: RawBuilder<SqlBool>;
  /** Compares the calls' text row by row (a literal term): worth doing once for a page and its total. */
  readsRows?: boolean;
}

/** Counting beyond this tells nothing more about which term to start from. */
const ESTIMATE_CAP = 20_000;
/** A term of 4+ characters becomes its distinct words when there are at most this many; else one range. */
const MAX_EXPANDED_WORDS = 24;

const ref = (column: string) => sql.ref(column);
const d = { started: ref('d.call_started_at'), id: ref('d.call_log_id') };

export interface SearchPlan {
  /** No call can match (a term with no row in the index): no query needed. */
  empty: boolean;
  /** The matching calls' (call_started_at, call_log_id), one row per call. */
  matched: RawBuilder<unknown>;
  /** Per driving branch, the matching rows, for a page merged from newest-first branches. */
  branches: RawBuilder<unknown>[];
  unique: boolean;
  /**
   * When a term is compared with the rows' text (a literal): every match, newest first, read once
   * and shared by the page and its total, so the rows are read once.
   */
  everyMatch?: () => Promise<number[]>;
}

/**
 * Works out the conditions of a search and which one drives. Counts a few index entries per term to
 * pick the rarest (bounded by ESTIMATE_CAP), and expands a long term into its distinct words.
 */
async function planSearch(db: Db, filters: SearchFilters): Promise<SearchPlan> {
  const index = wordIndexOf(db);
  const conditions: Condition[] = [];
  for (const term of filters.terms) conditions.push(...(await conditionsOf(db, index, filters.clinicId, term)));
  const nothing: SearchPlan = { empty: true, matched: sql`SELECT 1`, branches: [], unique: true };
  if (conditions.some((c) => c.none)) return nothing;
  let driver = conditions[0]!;
  if (conditions.length > 1) {
    const estimates: number[] = [];
    for (const condition of conditions) estimates.push(await condition.estimate());
    if (estimates.includes(0)) return nothing;
    driver = conditions[estimates.indexOf(Math.min(...estimates))]!;
  }
  const checks: RawBuilder<SqlBool>[] = conditions.filter((c) => c !== driver).map((c) => c.holds);
  if (filters.startedFrom) checks.push(sql<SqlBool>`${d.started} >= ${filters.startedFrom}`);
  if (filters.startedTo) checks.push(sql<SqlBool>`${d.started} < ${filters.startedTo}`);
  if (filters.statuses.length > 0) {
    checks.push(sql<SqlBool>`EXISTS (SELECT 1 FROM call_logs s WHERE s.id = ${d.id} AND s.status IN (${sql.join(filters.statuses)}))`);
  }
  if (filters.reasons.length > 0) {
    checks.push(
      sql<SqlBool>`EXISTS (SELECT 1 FROM call_logs r WHERE r.id = ${d.id} AND r.reason_for_call IN (${sql.join(filters.reasons)}))`,
    );
  }
  const where = checks.length > 0 ? sql`WHERE ${sql.join(checks, sql` AND `)}` : sql``;
  const branches = driver.branches.map((branch) => sql`SELECT d.call_started_at, d.call_log_id FROM (${branch}) d ${where}`);
  const union =
    driver.branches.length === 1
      ? driver.branches[0]!
      : sql.join(
          driver.branches.map((b) => sql`SELECT * FROM (${b}) b`),
          sql` UNION ALL `,
        );
  const distinct = driver.unique && driver.branches.length === 1 ? sql`` : sql`DISTINCT`;
  // The page merges newest-first branches only when each holds a call once (see pageOfMatches).
  const matched = sql`SELECT ${distinct} d.call_started_at, d.call_log_id FROM (${union}) d ${where}`;
  const plan: SearchPlan = { empty: false, matched, branches, unique: driver.unique };
  if (conditions.some((c) => c.readsRows)) {
    let read: Promise<number[]> | undefined;
    plan.everyMatch = () =>
      (read ??= sql<{ call_log_id: number }>`SELECT call_log_id FROM (${matched}) m ORDER BY call_started_at DESC, call_log_id DESC`
        .execute(db)
        .then(({ rows }) => rows.map((row) => Number(row.call_log_id))));
  }
  return plan;
}

/** How many calls match. */
export async function countMatches(db: Db, plan: SearchPlan): Promise<number> {
  if (plan.empty) return 0;
  if (plan.everyMatch) return (await plan.everyMatch()).length;
  const { rows } = await sql<{ total: number }>`SELECT COUNT(*) AS total FROM (${plan.matched}) m`.execute(db);
  return Number(rows[0]?.total ?? 0);
}

/** Matches per status (the filter chips), each match's status read by primary key. */
export async function countMatchesByStatus(db: Db, plan: SearchPlan): Promise<{ status: CallStatus; total: number }[]> {
  if (plan.empty) return [];
  const { rows } = await sql<{ status: CallStatus; total: number }>`SELECT c.status, COUNT(*) AS total
    FROM (${plan.matched}) m JOIN call_logs c ON c.id = m.call_log_id GROUP BY c.status`.execute(db);
  return rows.map((row) => ({ status: row.status, total: Number(row.total) }));
}

/**
 * The ids of one page of matches, newest first. Each driving branch is read newest first and cut at
 * the page's end, then the branches are merged: the page never sorts all matches of a common term.
 */
export async function pageOfMatches(db: Db, plan: SearchPlan, paging: { limit: number; offset: number }): Promise<number[]> {
  if (plan.empty) return [];
  if (plan.everyMatch) return (await plan.everyMatch()).slice(paging.offset, paging.offset + paging.limit);
  const newest = sql`ORDER BY call_started_at DESC, call_log_id DESC`;
  const source =
    plan.branches.length === 1 || !plan.unique
      ? plan.matched
      : sql`SELECT DISTINCT call_started_at, call_log_id FROM (${sql.join(
          plan.branches.map((branch) => sql`SELECT * FROM (${branch} ${newest} LIMIT ${paging.offset + paging.limit}) b`),
          sql` UNION ALL `,
        )}) u`;
  const { rows } = await sql<{
    call_log_id: number;
  }>`SELECT call_log_id FROM (${source}) p ${newest} LIMIT ${paging.limit} OFFSET ${paging.offset}`.execute(db);
  return rows.map((row) => Number(row.call_log_id));
}

// ------------------------------------------------------------------------------------------ conditions

async function conditionsOf(db: Db, index: WordIndexDialect, clinicId: number, term: SearchTerm): Promise<Condition[]> {
  if (term.kind === 'word') return [await wordCondition(db, index, clinicId, term.text)];
  if (term.kind === 'phone') return [phoneCondition(db, index, clinicId, term.digits)];
  return literalConditions(db, index, clinicId, term.text);
}

const words = (clinicId: number) => sql`SELECT call_started_at, call_log_id FROM call_log_words WHERE clinic_id = ${clinicId}`;

async function capped(db: Db, rows: RawBuilder<unknown>): Promise<number> {
  const { rows: result } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM (${rows} LIMIT ${ESTIMATE_CAP}) x`.execute(db);
  return Number(result[0]?.n ?? 0);
}

/** Calls having one of `keys` (each a whole key of the index). */
async function keysCondition(db: Db, clinicId: number, keys: Key[]): Promise<Condition> {
  const branches = keys.map((key) => sql`${words(clinicId)} AND word = ${key}`);
  return {
    estimate: async () => {
      let estimate = 0;
      for (const branch of branches) {
        if (estimate >= ESTIMATE_CAP) break;
        estimate += await capped(db, branch);
      }
      return estimate;
    },
    unique: true,
    branches,
    holds: sql<SqlBool>`EXISTS (SELECT 1 FROM call_log_words k WHERE k.clinic_id = ${clinicId} AND k.word IN (${sql.join(keys)})
      AND k.call_started_at = ${d.started} AND k.call_log_id = ${d.id})`,
  };
}

/**
 * Calls having a key in one of `ranges` (too many distinct words to list): a call may come more than
 * once. One branch per range: SQLite reads `a OR b` on one index as a scan of the whole clinic.
 */
function rangeCondition(db: Db, clinicId: number, ranges: RawBuilder<SqlBool>[]): Condition {
  const branches = ranges.map((range) => sql`${words(clinicId)} AND ${range}`);
  const ids = sql.join(
    ranges.map((range) => sql`SELECT call_log_id FROM call_log_words WHERE clinic_id = ${clinicId} AND ${range}`),
    sql` UNION ALL `,
  );
  return {
    estimate: async () => {
      let estimate = 0;
      for (const branch of branches) estimate += await capped(db, branch);
      return estimate;
    },
    unique: false,
    branches,
    holds: sql<SqlBool>`${d.id} IN (${ids})`,
  };
}

/**
 * A word term: one key when it is 2–3 characters (the prefix keys), else the distinct words it begins,
 * read one by one from the index (a loose index scan) — a surname is usually one word, "appoint" two.
 */
async function wordCondition(db: Db, index: WordIndexDialect, clinicId: number, text: string): Promise<Condition> {
  if (index.isOneKey(text)) return keysCondition(db, clinicId, [index.key(text)]);
  const range = index.startsWith('word', text, 'word');
  const found = await distinctKeys(db, clinicId, range, MAX_EXPANDED_WORDS + 1);
  if (found.length > MAX_EXPANDED_WORDS) return rangeCondition(db, clinicId, [range]);
  if (found.length === 0) return { none: true, estimate: async () => 0, unique: true, branches: [], holds: sql<SqlBool>`1 = 0` };
  return keysCondition(
    db,
    clinicId,
    found.map((key) => sql`${key}`),
  );
}

/** Up to `max` distinct keys in `range`, each found by one index descent past the previous one. */
async function distinctKeys(db: Db, clinicId: number, range: RawBuilder<SqlBool>, max: number): Promise<unknown[]> {
  const keys: unknown[] = [];
  while (keys.length < max) {
    const after = keys.length === 0 ? sql`` : sql`AND word > ${keys.at(-1)}`;
    const { rows } = await sql<{ word: unknown }>`SELECT word FROM call_log_words WHERE clinic_id = ${clinicId} AND ${range} ${after}
      ORDER BY word LIMIT 1`.execute(db);
    if (rows.length === 0) break;
    keys.push(rows[0]!.word);
  }
  return keys;
}

/**
 * Phone digits anywhere: a range of the clinic's digit-suffix keys, one row per call (where the digits
 * first occur). A check of one call reads that call's phone.
 */
function phoneCondition(db: Db, index: WordIndexDialect, clinicId: number, digits: string): Condition {
  const rows = sql`${words(clinicId)} AND ${index.phoneDigits(digits)}`;
  return {
    estimate: () => capped(db, rows),
    unique: true,
    branches: [rows],
    holds: sql<SqlBool>`EXISTS (SELECT 1 FROM call_logs l WHERE l.id = ${d.id}
      AND instr(${phoneDigitsOf(db, 'l.caller_phone_number')}, ${digits}) > 0)`,
  };
}

const SEARCHED_COLUMNS = ['caller_first_name', 'caller_last_name', 'caller_phone_number', 'summary'] as const;
const RUN = /[\p{L}\p{N}]+/gu;

/**
 * A literal term is a substring of one of the four columns. Each run of letters and digits that
 * follows punctuation inside it ("françois" in "Jean-François") starts a word of that column, so
 * the calls holding such a word (or a phone run starting with it) are the candidates; the text
 * comparison then decides. Without such a run ("50%"), the clinic's calls are compared one by one.
 */
async function literalConditions(db: Db, index: WordIndexDialect, clinicId: number, text: string): Promise<Condition[]> {
  const contains = (alias: string) =>
    sql.join(
      SEARCHED_COLUMNS.map((column) => containsFolded(db, `${alias}.${column}`, text)),
      sql` OR `,
    );
  const verified: Condition = {
    estimate: async () => Number.MAX_SAFE_INTEGER,
    unique: true,
    branches: [sql`SELECT call_started_at, id AS call_log_id FROM call_logs l WHERE l.clinic_id = ${clinicId} AND (${contains('l')})`],
    holds: sql<SqlBool>`EXISTS (SELECT 1 FROM call_logs l WHERE l.id = ${d.id} AND (${contains('l')}))`,
    readsRows: true,
  };
  const starts = [...text.matchAll(RUN)].filter((match) => match.index > 0 && [...match[0]].length >= 2).map((match) => match[0]);
  const narrowing: Condition[] = [];
  for (const run of starts) {
    const wordPart = index.isOneKey(run) ? sql<SqlBool>`word = ${index.key(run)}` : index.startsWith('word', run, 'word');
    narrowing.push(rangeCondition(db, clinicId, [wordPart, index.startsWith('word', run, 'phone-run')]));
  }
  return [...narrowing, verified];
}

// ------------------------------------------------------------------------------------------ the list's use

/** A page of matching calls, newest first: the ids from the indexes, then the 20 rows by primary key. */
export async function searchCallLogs(db: Db, filters: SearchFilters, paging: { limit: number; offset: number }): Promise<CallLogListRow[]> {
  const ids = await pageOfMatches(db, await searchPlanFor(db, filters), paging);
  if (ids.length === 0) return [];
  return callLogListRows(db)
    .where('call_logs.id', 'in', ids)
    .orderBy('call_logs.call_started_at', 'desc')
    .orderBy('call_logs.id', 'desc')
    .execute();
}

export async function countSearch(db: Db, filters: SearchFilters): Promise<number> {
  return countMatches(db, await searchPlanFor(db, filters));
}

export async function countSearchByStatus(db: Db, filters: SearchFilters): Promise<{ status: CallStatus; total: number }[]> {
  return countMatchesByStatus(db, await searchPlanFor(db, filters));
}
