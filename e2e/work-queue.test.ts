import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  callRows,
  displayedName,
  listSettled,
  openPage,
  rangeText,
  rowNames,
  screenshot,
  signIn,
  statusChip,
  takeUncaughtPageErrors,
} from './support/dashboard.js';
import { emergencyCall, heleneCote } from './support/demo-calls.js';
import { api, deliverCall, signInToken, ZENITH_KEY, ZENITH_SPOKEN_FR } from './support/seed.js';
import { startServerAndBrowser, type RunningServer } from './support/server.js';

/**
 * The front desk's work queue in a real Chromium against the real server: the views (Urgent, Due now /
 * overdue, Mine, Unassigned, All) with their counts, live; each view's calls in triage order; what a
 * row tells at a glance (priority, due time, attempts, who has it, how long the caller has waited, a
 * repeat caller); and a search that finds a call whatever its status, saying when a filter hides some.
 */

const CLINIC = 'Zenith Dental Center';
const OPEN = 'status[]=New&status[]=In%20Progress';

interface Item {
  id: number;
  caller_first_name: string | null;
  caller_last_name: string | null;
  status: string;
  priority: string;
  callback_due_at: string | null;
}
interface CallPage {
  items: Item[];
  total: number;
}
type Counts = Record<'New' | 'In Progress' | 'Done' | 'Archived' | 'urgent' | 'overdue' | 'mine' | 'unassigned' | 'due_today', number>;

const VIEWS = {
  urgent: { en: 'Urgent', fr: 'Urgents', query: 'priority[]=Urgent' },
  overdue: { en: 'Due now / overdue', fr: 'À rappeler / en retard', query: 'due=overdue' },
  mine: { en: 'Mine', fr: 'Les miens', query: 'assignee=me' },
  unassigned: { en: 'Unassigned', fr: 'Non attribués', query: 'assignee=none' },
  all: { en: 'All', fr: 'Tous', query: '' },
} as const;
type View = keyof typeof VIEWS;

describe('the work queue', () => {
  let server: RunningServer;
  let browser: Browser;
  let token: string;
  let adminToken: string;
  let clinicId: number;
  let me: { id: number; full_name: string };

  const counts = (search?: string) =>
    api<Counts>(server.url, `/call-logs/by-clinic/${clinicId}/counts${search ? `?search=${encodeURIComponent(search)}` : ''}`, { token });
  /** A view's first page as the API gives it to the signed-in front desk. */
  const viewFromApi = (view: Exclude<View, 'all'>, search?: string) =>
    api<CallPage>(
      server.url,
      `/call-logs/by-clinic/${clinicId}?${VIEWS[view].query}&${OPEN}&sort=priority&limit=20${search ? `&search=${encodeURIComponent(search)}` : ''}`,
      { token },
    );

  before(async () => {
    [server, browser] = await startServerAndBrowser();
    token = await signInToken(server.url, server.demo.email, server.demo.password);
    adminToken = await signInToken(server.url, server.admin.email, server.admin.password);
    const who = await api<{ id: number; full_name: string; clinics: { id: number; name: string }[] }>(server.url, '/auth/me', { token });
    me = who;
    clinicId = who.clinics.find((c) => c.name === CLINIC)!.id;
    await deliverCall(server.url, server.vapiSecret, heleneCote(ZENITH_KEY, new Date(Date.now() - 50 * 60_000), ZENITH_SPOKEN_FR));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(() => assert.deepEqual(takeUncaughtPageErrors(), []));

  const queueNav = (page: Page, french = false) => page.getByRole('navigation', { name: french ? 'File de travail' : 'Work queue' });
  const viewLink = (page: Page, view: View, french = false) =>
    queueNav(page, french).getByRole('link', { name: new RegExp(`^${VIEWS[view][french ? 'fr' : 'en'].replace('/', '\\/')} `) });
  const viewCount = (page: Page, view: View) => page.getByTestId(`queue-count-${view}`);

  /** Every view's count on screen, once the counts have loaded. */
  async function shownCounts(page: Page): Promise<Record<View, number>> {
    await page.waitForFunction(
      () => !Array.from(document.querySelectorAll('[data-testid^="queue-count-"]')).some((e) => e.textContent === '·'),
    );
    const entries = await Promise.all(
      (Object.keys(VIEWS) as View[]).map(
        async (view) => [view, Number((await viewCount(page, view).innerText()).replace(/\D/g, ''))] as const,
      ),
    );
    return Object.fromEntries(entries) as Record<View, number>;
  }

  const expectedCounts = (c: Counts): Record<View, number> => ({
    urgent: c.urgent,
    overdue: c.overdue,
    mine: c.mine,
    unassigned: c.unassigned,
    all: c.New + c['In Progress'],
  });

  test('each view shows its count and lists its open calls in triage order; the address carries the view', async () => {
    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, CLINIC);
      const c = await counts();
      assert.ok(c.urgent > 0, 'the demo clinic has urgent calls');
      assert.deepEqual(await shownCounts(page), expectedCounts(c));
      assert.equal(await viewLink(page, 'all').getAttribute('aria-current'), 'page', 'the whole list is where the page starts');

      for (const view of ['urgent', 'overdue', 'unassigned'] as const) {
        const expected = await viewFromApi(view);
        await viewLink(page, view).click();
        await page.waitForURL((url) => url.searchParams.get('view') === view);
        assert.equal(await viewLink(page, view).getAttribute('aria-current'), 'page');
        await listSettled(page, { total: expected.total });
        assert.deepEqual(await rowNames(page), expected.items.map(displayedName), `${view}: the API's triage order`);
        // No status chips in a work-queue view: it is the open calls.
        assert.equal(await page.getByRole('main').getByRole('group', { name: 'Status' }).count(), 0);
      }

      // Triage: in the Unassigned view, every Urgent call comes before any other.
      const rows = await callRows(page).allInnerTexts();
      const urgentFlags = rows.map((text) => /\burgent\b/i.test(text));
      assert.ok(urgentFlags[0], 'an urgent call first');
      assert.ok(urgentFlags.indexOf(false) === -1 || urgentFlags.lastIndexOf(true) < urgentFlags.indexOf(false), urgentFlags.join());

      // Urgent rows say so; a reload keeps the view.
      await viewLink(page, 'urgent').click();
      await listSettled(page, { total: c.urgent });
      for (const text of await callRows(page).allInnerTexts()) assert.match(text, /\burgent\b/i);
      await screenshot(page, 'work-queue');
      await page.reload();
      await listSettled(page, { total: c.urgent });
      assert.equal(await viewLink(page, 'urgent').getAttribute('aria-current'), 'page');

      // Back and forth through history.
      await page.goBack();
      await page.waitForURL((url) => url.searchParams.get('view') === 'unassigned', { waitUntil: 'commit' });
      await viewLink(page, 'unassigned').and(page.locator('[aria-current="page"]')).waitFor();
    } finally {
      await context.close();
    }
  });

  test('Mine and Unassigned change live when a colleague assigns a call to me', async () => {
    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, CLINIC);
      await viewLink(page, 'mine').click();
      const before = await counts();
      await listSettled(page, { total: before.mine });
      assert.deepEqual(await shownCounts(page), expectedCounts(before));
      await page
        .getByRole('banner')
        .getByRole('status')
        .filter({ hasText: /^Live$/ })
        .waitFor();

      const target = (await viewFromApi('unassigned')).items.at(-1)!;
      await api(server.url, `/call-logs/${target.id}`, { method: 'PATCH', token: adminToken, body: { assignee_id: me.id } });

      await viewCount(page, 'mine')
        .filter({ hasText: String(before.mine + 1) })
        .waitFor();
      await viewCount(page, 'unassigned')
        .filter({ hasText: String(before.unassigned - 1) })
        .waitFor();
      await listSettled(page, { total: before.mine + 1 });
      const row = callRows(page).filter({ hasText: displayedName(target) });
      assert.match(await row.innerText(), new RegExp(me.full_name));
      assert.equal(await row.getByTitle(`Assigned to ${me.full_name}`).count(), 1);
    } finally {
      await context.close();
    }
  });

  test('a row shows the priority, the due time, the attempts, how long the caller has waited, and a repeat caller', async () => {
    // Two emergencies from one number: the second is a repeat caller.
    await deliverCall(server.url, server.vapiSecret, emergencyCall(ZENITH_KEY, new Date(Date.now() - 3 * 3600_000), 'repeat-1'));
    await deliverCall(server.url, server.vapiSecret, emergencyCall(ZENITH_KEY, new Date(Date.now() - 20 * 60_000), 'repeat-2'));
    const lapointe = await api<CallPage>(server.url, `/call-logs/by-clinic/${clinicId}?search=Lapointe`, { token });
    assert.equal(lapointe.total, 2);
    const latest = lapointe.items[0]!;
    await api(server.url, `/call-logs/${latest.id}/callback-attempts`, { method: 'POST', token, body: { result: 'No Answer' } });

    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, CLINIC);
      await page.getByRole('searchbox', { name: 'Search calls' }).fill('lapointe');
      await listSettled(page, { total: 2 });
      const [first, second] = await callRows(page).allInnerTexts();
      assert.match(first!, /2 calls/, 'the repeat caller is marked');
      assert.match(first!, /Urgent/i);
      assert.match(first!, /Waiting 2\d min/);
      assert.match(first!, /1 attempt/);
      assert.match(first!, /(Due in|Overdue by) \d+ (min|h)|Due now/);
      assert.match(second!, /Waiting 3 h/);
      assert.doesNotMatch(second!, /attempt/);

      // Done: no longer waiting, nothing due.
      await api(server.url, `/call-logs/${lapointe.items[1]!.id}`, { method: 'PATCH', token, body: { status: 'Done' } });
      await page.reload();
      await listSettled(page, { total: 2 });
      const done = await callRows(page).filter({ hasText: /Done$/ }).innerText();
      assert.doesNotMatch(done, /Waiting|Due in|Overdue/);
    } finally {
      await context.close();
    }
  });

  test('a search finds every status, and says when the chips or the view hide matches', async () => {
    const cote = await api<CallPage>(server.url, `/call-logs/by-clinic/${clinicId}?search=cote`, { token });
    const helene = cote.items.find((item) => item.caller_first_name === 'Hélène')!;
    await api(server.url, `/call-logs/${helene.id}`, { method: 'PATCH', token, body: { status: 'Done' } });
    const all = await counts('cote');
    const total = all.New + all['In Progress'] + all.Done + all.Archived;

    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, CLINIC);
      await page.getByRole('searchbox', { name: 'Search calls' }).fill('cote');
      await listSettled(page, { total });
      assert.ok((await rowNames(page)).includes('Hélène Côté'), 'the Done call is found');
      assert.equal(await page.getByText(/more match/).count(), 0, 'nothing hidden, nothing said');
      assert.doesNotMatch(page.url(), /status=/, 'searching every status is the default: the address stays short');

      // Only New: the rest is counted, and one click shows it.
      await statusChip(page, 'New').click();
      await listSettled(page, { total: all.New });
      const hidden = total - all.New;
      const where = (['In Progress', 'Done', 'Archived'] as const)
        .filter((s) => all[s] > 0)
        .map((s) => ({ 'In Progress': 'In progress', Done: 'Done', Archived: 'Archived' })[s]);
      const message = page.getByRole('status').filter({ hasText: /more match/ });
      assert.equal(
        (await message.innerText()).replace(/\s+/g, ' ').trim(),
        `${hidden} more match${hidden === 1 ? '' : 'es'} in ${where.join(', ')} Show all`,
      );
      await message.getByRole('button', { name: 'Show all' }).click();
      await listSettled(page, { total });
      assert.equal(await message.count(), 0);

      // In a work-queue view, matches outside it are counted too.
      const unassigned = await viewFromApi('unassigned', 'cote');
      await viewLink(page, 'unassigned').click();
      await listSettled(page, { total: unassigned.total });
      const outside = page.getByRole('status').filter({ hasText: /outside this view/ });
      const left = total - unassigned.total;
      assert.equal(
        (await outside.innerText()).replace(/\s+/g, ' ').trim(),
        `${left} more match${left === 1 ? '' : 'es'} outside this view Show all`,
      );

      // French: the same, in French.
      await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'FR' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `${left} ${left === 1 ? 'autre résultat' : 'autres résultats'} hors de cette vue` })
        .waitFor();
      await page.getByRole('button', { name: 'Tout afficher' }).click();
      await page.getByText(rangeText(total, 1, true), { exact: true }).waitFor();
      assert.equal(await viewLink(page, 'all', true).getAttribute('aria-current'), 'page');
    } finally {
      await context.close();
    }
  });

  test('en français : les vues et leurs nombres', async () => {
    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, CLINIC);
      await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'FR' }).click();
      await queueNav(page, true).waitFor();
      const c = expectedCounts(await counts());
      const texts = (await queueNav(page, true).getByRole('link').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      assert.deepEqual(texts, [
        `Urgents ${c.urgent}`,
        `À rappeler / en retard ${c.overdue}`,
        `Les miens ${c.mine}`,
        `Non attribués ${c.unassigned}`,
        `Tous ${c.all}`,
      ]);
      await viewLink(page, 'urgent', true).click();
      await page.getByText(rangeText(c.urgent, 1, true), { exact: true }).waitFor();
      await listSettled(page);
      for (const text of await callRows(page).allInnerTexts()) assert.match(text, /En attente depuis \d+ (min|h|jours?)/);
    } finally {
      await context.close();
    }
  });
});
