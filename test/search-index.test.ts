import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { foldForSearch } from '../src/shared/text.js';
import { addCall, newestFirst, setUp, STATUS, type Clinic, type Item } from './helpers/call-logs.js';
import { describeEachDatabase } from './helpers/harness.js';

/**
 * Search reads the clinic-scoped word index (migration 013), which triggers keep. These tests write
 * every way a call can change (the API, and SQL behind the app's back: inserts, edits of each searched
 * column, a move to another clinic, a new start time, deletes) and then compare every answer with what
 * a plain reading of the calls gives: the search rules applied in JavaScript to the rows as written.
 */

interface Call {
  item: Item;
  first: string | null;
  last: string | null;
  phone: string;
  summary: string | null;
}

const NAMES = [
  'Hélène',
  'Helene',
  'Côté',
  'Cote',
  'Jean-François',
  'Marie-Ève',
  "O'Brien",
  'Tremblay',
  'Trembley',
  'Nguyen',
  'Ng',
  'Li',
  'Lin',
];
const SUMMARIES = [
  'Insurance question about the crown.',
  'Insured patient, rendez-vous déplacé par la Dre Côté.',
  'Wants to cancel; cancellation fee explained by Dr. Lin.',
  'Root canal follow-up (couronne) — 50% paid.',
  null,
];
const PHONES = ['+15145550101', '+1 (438) 555-0199', '+33 1/40.20-50 60', '+15145550102'];

const digitsOf = (phone: string) => phone.replace(/\D/g, '');

/** The list's search rules, on the calls as written (see src/modules/call-logs/search.ts). */
function matches(call: Call, search: string): boolean {
  return search
    .trim()
    .split(/\s+/u)
    .filter(Boolean)
    .every((term) => {
      const digits = term.replace(/\D/g, '');
      if (/^[\d+().\-/]+$/.test(term) && digits.length >= 3) return digitsOf(call.phone).includes(digits);
      if (/^[\p{L}\p{N}]+$/u.test(term)) {
        const words = [call.first, call.last, call.summary].flatMap((text) => (text ? foldForSearch(text).split(/[^\p{L}\p{N}]+/u) : []));
        return words.some((word) => word.startsWith(foldForSearch(term)));
      }
      return [call.first, call.last, call.phone, call.summary].some(
        (text) => text !== null && foldForSearch(text).includes(foldForSearch(term)),
      );
    });
}

const SEARCHES = [
  ...['he', 'hel', 'helene', 'HÉLÈNE', 'cote', 'côté', 'tr', 'tre', 'trembl', 'tremblay', 'ng', 'li', 'lin', 'o', 'zz'],
  ...['jean-françois', 'francois', "o'brien", 'brien', 'marie-eve', 'ins', 'insur', 'insurance', 'cancel', 'can', 'dr', 'dre'],
  ...['rendez-vous', 'vous', 'deplace', '50%', '555', '0101', '514555', '(438)', '4020', 'helene cote', 'li ins', 'tre dr', 'ng 555'],
];

describeEachDatabase('Search stays exact through every write', (h) => {
  let clinic: Clinic;
  let other: Clinic;
  let token: string;
  let url: (query?: string) => string;
  let otherUrl: (query?: string) => string;
  let calls: Call[];

  const random = (() => {
    let seed = 20261204;
    return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  })();
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;

  async function add(into: Clinic, minute: number): Promise<Call> {
    const values = { first: pick(NAMES), last: pick(NAMES), phone: pick(PHONES), summary: pick(SUMMARIES) };
    const item = await addCall(h, into, {
      caller_first_name: values.first,
      caller_last_name: values.last,
      caller_phone_number: values.phone,
      summary: values.summary,
      call_started_at: `2026-10-01 09:${String(minute).padStart(2, '0')}:00`,
    });
    return { item, ...values };
  }

  /** As the list shows it: with how many of the clinic's calls come from the same phone digits. */
  const shown = (call: Call, clinicCalls: Call[]) => ({
    ...call.item,
    caller_call_count: clinicCalls.filter((other) => digitsOf(other.phone) === digitsOf(call.phone)).length,
  });

  async function assertEverySearch(list: Call[], clinicUrl: (query?: string) => string, when: string) {
    for (const search of SEARCHES) {
      const expected = newestFirst(list.filter((call) => matches(call, search)).map((call) => shown(call, list)));
      const response = await h.call({ method: 'GET', url: clinicUrl(`search=${encodeURIComponent(search)}&limit=100`), token });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual(
        response.body,
        { items: expected, total: expected.length, page: 1, limit: 100, pages: Math.ceil(expected.length / 100) },
        `${when}: "${search}"`,
      );
    }
  }

  before(async () => {
    const context = await setUp(h);
    clinic = context.clinic;
    token = context.token;
    url = context.url;
    other = await h.createClinic();
    otherUrl = (query = '') => `/api/v1/call-logs/by-clinic/${other.id}${query ? `?${query}` : ''}`;
    calls = [];
    for (let minute = 0; minute < 30; minute++) calls.push(await add(clinic, minute));
  });

  test('every search answers what the calls hold, after inserts', async () => {
    await assertEverySearch(calls, url, 'after inserts');
  });

  test('after edits through the API (names, summary, status)', async () => {
    for (const call of calls.slice(0, 8)) {
      const first = pick(NAMES);
      const summary = pick(SUMMARIES.filter((s) => s !== null));
      const status = pick(['Done', 'In Progress', 'Archived']);
      const response = await h.call({
        method: 'PATCH',
        url: `/api/v1/call-logs/${call.item.id}`,
        token,
        payload: { caller_first_name: first, summary, status },
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      Object.assign(call, { first, summary, item: { ...call.item, caller_first_name: first, status } });
    }
    await assertEverySearch(calls, url, 'after API edits');
  });

  test('after SQL behind the app: edits of each searched column, a new start, a status, a move and a delete', async () => {
    const db = h.database.db;
    const [a, b, c, d, e, f, g] = calls.slice(10, 17) as [Call, Call, Call, Call, Call, Call, Call];
    await db.updateTable('call_logs').set({ caller_last_name: 'Côté' }).where('id', '=', a.item.id).execute();
    Object.assign(a, { last: 'Côté', item: { ...a.item, caller_last_name: 'Côté' } });
    await db.updateTable('call_logs').set({ summary: 'Lin: rendez-vous annulé (insurance)' }).where('id', '=', b.item.id).execute();
    b.summary = 'Lin: rendez-vous annulé (insurance)';
    await db.updateTable('call_logs').set({ caller_phone_number: '+1 438 555 0101' }).where('id', '=', c.item.id).execute();
    Object.assign(c, { phone: '+1 438 555 0101', item: { ...c.item, caller_phone_number: '+1 438 555 0101' } });
    await db.updateTable('call_logs').set({ call_started_at: '2026-10-02 08:00:00' }).where('id', '=', d.item.id).execute();
    d.item = { ...d.item, call_started_at: '2026-10-02T08:00:00Z' };
    await db.updateTable('call_logs').set({ status: 'DONE' }).where('id', '=', e.item.id).execute();
    e.item = { ...e.item, status: STATUS.DONE };
    // "Cote" to "Côté" is no change to the collation, but one the list shows.
    await db.updateTable('call_logs').set({ caller_first_name: 'Côté' }).where('id', '=', f.item.id).execute();
    Object.assign(f, { first: 'Côté', item: { ...f.item, caller_first_name: 'Côté' } });
    await db.updateTable('call_logs').set({ clinic_id: other.id }).where('id', '=', g.item.id).execute();
    const deleted = calls[20]!;
    await db.deleteFrom('call_logs').where('id', '=', deleted.item.id).execute();
    calls = calls.filter((call) => call !== g && call !== deleted);
    await assertEverySearch(calls, url, 'after SQL writes');
    // The moved call is found in its new clinic, by every term, and only there.
    const shownThere = (await h.call({ method: 'GET', url: `/api/v1/clinics/${other.id}`, token: await h.adminToken() })).body;
    const moved = { ...g, item: { ...g.item, clinic: shownThere } };
    const staff = await h.createUser('staff', [other.id]);
    for (const search of SEARCHES) {
      const response = await h.call({ method: 'GET', url: otherUrl(`search=${encodeURIComponent(search)}`), token: staff.token });
      assert.deepEqual(response.body.items, matches(moved, search) ? [shown(moved, [moved])] : [], `moved: "${search}"`);
    }
  });

  test('after a call lands while cached pages exist', async () => {
    await assertEverySearch(calls, url, 'cached');
    calls.push(await add(clinic, 45));
    await assertEverySearch(calls, url, 'after a new call');
  });
});
