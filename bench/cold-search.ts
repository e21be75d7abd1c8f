import { performance } from 'node:perf_hooks';

/**
 * Searches nobody has typed before, one at a time: what a receptionist waits for at each keystroke.
 * Every query is new to the server's page cache (the words come from the seeded data, each with a
 * random mix of upper and lower case, which search ignores but the cache key does not), so each one
 * runs its SQL. Sequential on purpose: the figure is the latency of one search on an idle server,
 * not a throughput.
 */

export interface ColdSearchQuery {
  kind: string;
  text: string;
}

export interface ColdSearchResult {
  kind: string;
  text: string;
  ms: number;
  total: number;
}

/** Words the bench seed writes (tools/demo): names of both languages, summary words, and words it never writes. */
const POOLS: Record<string, string[]> = {
  'common surname': ['Smith', 'Nguyen', 'Tremblay', 'Gagnon', 'Roy', 'Patel', 'Martin', 'Johnson', 'Williams', 'Morin'],
  'rare surname': ['Okafor', 'Ortega', 'Haddad', 'Kowalski', 'Rossi', 'Whitfield', 'Mohammed', 'Campbell', 'Desjardins', 'Thériault'],
  'accented surname': ['Côté', 'cote', 'Bélanger', 'belanger', 'Lévesque', 'levesque', 'Lefèvre', 'lefevre', 'Gagné', 'gagne'],
  'accented first name': ['Hélène', 'helene', 'Émilie', 'emilie', 'Geneviève', 'genevieve', 'Jérôme', 'jerome', 'Benoît', 'Zoé'],
  'hyphenated first name': ['Jean-François', 'jean-francois', 'Marie-Ève', 'marie-eve', 'Marc-André', 'marc-andre', 'St-Pierre'],
  'first + last': [
    'Hélène Côté',
    'Liam Gagnon',
    'Aisha Nguyen',
    'Michael Smith',
    'François Tremblay',
    'Luc Roy',
    'Mei Chen',
    'Omar Haddad',
  ],
  '2-letter prefix': [
    'Mi',
    'Ng',
    'Tr',
    'Ga',
    'Le',
    'Be',
    'Ch',
    'Jo',
    'Ro',
    'Pa',
    'Sm',
    'Dr',
    'ca',
    're',
    'ap',
    'Hé',
    'Co',
    'Ma',
    'St',
    'Wi',
  ],
  '3-letter prefix': ['Tre', 'Gag', 'Ngu', 'Mic', 'Hél', 'Cot', 'Bou', 'Lév', 'app', 'can', 'res', 'Mar', 'Smi', 'Pel', 'Jer', 'Ber'],
  'summary word (en)': [
    'insurance',
    'appointment',
    'cleaning',
    'whitening',
    'cancellation',
    'rescheduled',
    'swallowing',
    'emergency',
    'crown',
  ],
  'summary word (fr)': ['rendez', 'réservé', 'déplacé', 'réception', 'hygiéniste', 'nettoyage', 'couronne', 'souhaité', 'transféré'],
  'no match': ['zyxwv', 'Qwertz', 'Xylophone', 'Kubernetes', 'Zzyzx', 'Wxq', 'Jq', 'Vuvuzela'],
};

/** A random case for each letter: a new cache key for the same search. */
function randomCase(text: string): string {
  return [...text].map((char) => (Math.random() < 0.5 ? char.toLowerCase() : char.toUpperCase())).join('');
}

/**
 * `perKind` queries of each kind, all distinct; phone digits are cut from `phones` (numbers of the
 * clinic searched), 4 and 7 digits at a random place.
 */
export function coldSearchQueries(phones: string[], perKind: number): ColdSearchQuery[] {
  const seen = new Set<string>();
  const queries: ColdSearchQuery[] = [];
  const add = (kind: string, make: () => string) => {
    for (let attempt = 0, added = 0; added < perKind && attempt < perKind * 50; attempt++) {
      const text = make();
      if (seen.has(text)) continue;
      seen.add(text);
      queries.push({ kind, text });
      added++;
    }
  };
  const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!;
  for (const [kind, words] of Object.entries(POOLS)) add(kind, () => randomCase(pick(words)));
  const digits = phones.map((phone) => phone.replace(/\D/g, '')).filter((d) => d.length >= 7);
  for (const length of [4, 7]) {
    add(`${length} phone digits`, () => {
      const number = pick(digits);
      const start = Math.floor(Math.random() * (number.length - length + 1));
      return number.slice(start, start + length);
    });
  }
  // Shuffled, so no kind always runs first (after the previous workload) or last.
  for (let i = queries.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [queries[i], queries[j]] = [queries[j]!, queries[i]!];
  }
  return queries;
}

export async function runColdSearches(
  queries: ColdSearchQuery[],
  search: (text: string) => Promise<{ total: number }>,
): Promise<ColdSearchResult[]> {
  const results: ColdSearchResult[] = [];
  for (const query of queries) {
    const started = performance.now();
    const page = await search(query.text);
    results.push({ ...query, ms: Math.round((performance.now() - started) * 10) / 10, total: page.total });
  }
  return results;
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** One line per kind (median, slowest, the slowest query and its matches), then the whole mix. */
export function summariseColdSearches(results: ColdSearchResult[]): string[] {
  const kinds = [...new Set(results.map((r) => r.kind))];
  const lines = ['| kind | queries | p50 ms | max ms | slowest query (matches) |', '|---|---:|---:|---:|---|'];
  for (const kind of kinds) {
    const mine = results.filter((r) => r.kind === kind);
    const slowest = mine.reduce((a, b) => (b.ms > a.ms ? b : a));
    lines.push(
      `| ${kind} | ${mine.length} | ${percentile(
        mine.map((r) => r.ms),
        50,
      )} | ${slowest.ms} | "${slowest.text}" (${slowest.total.toLocaleString('en')}) |`,
    );
  }
  const all = results.map((r) => r.ms);
  lines.push(`| **all** | ${results.length} | ${percentile(all, 50)} (p95 ${percentile(all, 95)}) | ${Math.max(...all)} | |`);
  return lines;
}
