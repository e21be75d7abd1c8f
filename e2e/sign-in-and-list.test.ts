import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  callRows,
  detailPanel,
  displayedName,
  listSettled,
  openPage,
  PAGE_SIZE,
  rangeText,
  rowNames,
  screenshot,
  signIn,
  statusChip,
  takeUncaughtPageErrors,
} from './support/dashboard.js';
import { heleneCote } from './support/demo-calls.js';
import { api, deliverCall, signInToken, ZENITH_KEY, ZENITH_SPOKEN_FR } from './support/seed.js';
import { startServerAndBrowser, type RunningServer } from './support/server.js';

/**
 * Signing in and finding calls in the demo clinic, in a real Chromium against the real server:
 * the list, search, status chips and their counts, pages and the address bar, French.
 */

const CLINIC = 'Zenith Dental Center';
const DEFAULT_STATUSES = ['New', 'In Progress'];
/** Each status chip's English label, and the status it filters on. */
const STATUS_CHIPS = [
  ['New', 'New'],
  ['In progress', 'In Progress'],
  ['Done', 'Done'],
  ['Archived', 'Archived'],
] as const;

interface CallPage {
  items: { id: number; caller_first_name: string | null; caller_last_name: string | null; status: string }[];
  total: number;
  pages: number;
}
type Counts = Record<'New' | 'In Progress' | 'Done' | 'Archived', number>;

describe('signing in and finding calls', () => {
  let server: RunningServer;
  let browser: Browser;
  let token: string;
  let clinicId: number;

  /** The API's answer for the list, as the signed-in front desk sees it (a search looks in every status). */
  const listFromApi = (query: { search?: string; statuses?: string[]; page?: number }) => {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE), page: String(query.page ?? 1) });
    for (const status of query.statuses ?? (query.search ? [] : DEFAULT_STATUSES)) params.append('status[]', status);
    if (query.search) params.set('search', query.search);
    return api<CallPage>(server.url, `/call-logs/by-clinic/${clinicId}?${params}`, { token });
  };
  const countsFromApi = (search?: string) =>
    api<Counts>(server.url, `/call-logs/by-clinic/${clinicId}/counts${search ? `?search=${encodeURIComponent(search)}` : ''}`, { token });

  before(async () => {
    [server, browser] = await startServerAndBrowser();
    token = await signInToken(server.url, server.demo.email, server.demo.password);
    const me = await api<{ clinics: { id: number; name: string }[] }>(server.url, '/auth/me', { token });
    clinicId = me.clinics.find((c) => c.name === CLINIC)!.id;
    // Mrs Côté calls the demo clinic through the Vapi webhook, like any caller.
    await deliverCall(server.url, server.vapiSecret, heleneCote(ZENITH_KEY, new Date(Date.now() - 50 * 60_000), ZENITH_SPOKEN_FR));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(() => assert.deepEqual(takeUncaughtPageErrors(), []));

  test('a wrong password is refused with a clear message; the right one opens the clinic; signing out closes it', async () => {
    const { context, page } = await openPage(browser, server.url);
    try {
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByLabel('E-mail').fill(server.demo.email);
      await page.getByLabel('Password').fill('not-the-password');
      await screenshot(page, 'sign-in');

      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.equal(await alert.innerText(), 'That e-mail and password do not match an account. Check them and try again.');
      assert.equal(await page.getByLabel('Password').inputValue(), '', 'the wrong password is cleared');
      assert.equal(await page.getByLabel('E-mail').inputValue(), server.demo.email, 'the e-mail is kept');
      assert.equal(await page.getByRole('heading', { name: 'Calls · Zenith Dental Center' }).count(), 0);

      await signIn(page, server.demo, CLINIC);
      const banner = page.getByRole('banner');
      assert.match(await banner.innerText(), /Zenith Dental Center/);
      assert.match(await banner.innerText(), /Front Desk/);
      assert.ok((await callRows(page).count()) > 0);

      const pageToken = await page.evaluate(() => sessionStorage.getItem('zenicall.token'));
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      assert.equal(await page.getByRole('status').innerText(), 'You are signed out.');
      await page.reload();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      // Signing out ended the session on the server too: a copy of the token is worthless.
      await assert.rejects(api(server.url, '/auth/me', { token: pageToken! }), /→ 401 .*SESSION_REVOKED/);
    } finally {
      await context.close();
      // Signing out ended every session of the account, the suite's own included.
      token = await signInToken(server.url, server.demo.email, server.demo.password);
    }
  });

  test('signed out from another device, the open page goes to the sign-in form and says why', async () => {
    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, CLINIC);
      await page
        .getByRole('status')
        .filter({ hasText: /^Live$/ })
        .waitFor();
      const pageToken = await page.evaluate(() => sessionStorage.getItem('zenicall.token'));
      // Nobody touches the page: its live stream ends, and the page learns why.
      await api(server.url, '/auth/logout', { method: 'POST', token: pageToken! });
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      assert.equal(
        await page.getByRole('status').innerText(),
        'You were signed out: your password changed, or you signed out on another device. Sign in again.',
      );
    } finally {
      await context.close();
      token = await signInToken(server.url, server.demo.email, server.demo.password);
    }
  });

  test('an expired session asks to sign in again, then comes back to the same page and call', async () => {
    const second = await listFromApi({ page: 2 });
    const call = second.items.find((item) => item.caller_first_name && item.status === 'New')!;
    const name = displayedName(call);
    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, CLINIC);
      await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Page 2' }).click();
      await listSettled(page, { total: second.total, page: 2 });
      await callRows(page).filter({ hasText: name }).click();
      const panel = detailPanel(page, name);
      await panel.getByRole('heading', { name: 'Summary' }).waitFor();
      const where = page.url();

      // The session ends while she works: the server refuses the next change with a 401.
      await page.route(
        (url) => url.pathname === `/api/v1/call-logs/${call.id}`,
        (route) =>
          route.request().method() === 'PATCH'
            ? route.fulfill({
                status: 401,
                contentType: 'application/json',
                body: JSON.stringify({ detail: 'The token has expired.', error_key: 'NOT_AUTHENTICATED' }),
              })
            : route.fallback(),
        { times: 1 },
      );
      await panel.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'In progress', exact: true }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      assert.equal(await page.getByRole('status').innerText(), 'Your session has ended. Sign in again to pick up where you were.');
      assert.equal(page.url(), where);

      await signIn(page, server.demo, CLINIC);
      await listSettled(page, { total: second.total, page: 2 });
      assert.equal(page.url(), where);
      const statusButtons = detailPanel(page, name).getByRole('group', { name: 'Status' });
      await statusButtons.getByRole('button', { name: 'New', exact: true }).waitFor();
      assert.equal(await statusButtons.getByRole('button', { name: 'New', exact: true }).getAttribute('aria-pressed'), 'true');
    } finally {
      await context.close();
    }
  });

  test('the list shows the seeded calls, newest first, with the total the API gives for the default filters', async () => {
    const expected = await listFromApi({});
    assert.ok(expected.total > PAGE_SIZE, 'the demo has more than one page of calls to work');
    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, CLINIC);
      await listSettled(page, { total: expected.total });
      assert.deepEqual(await rowNames(page), expected.items.map(displayedName));
      assert.equal(await statusChip(page, 'New').getAttribute('aria-pressed'), 'true');
      assert.equal(await statusChip(page, 'In progress').getAttribute('aria-pressed'), 'true');
      assert.equal(await statusChip(page, 'Done').getAttribute('aria-pressed'), 'false');
      assert.equal(await statusChip(page, 'Archived').getAttribute('aria-pressed'), 'false');
      // Every row shows one of the default statuses, and Mrs Côté's fresh call is among them.
      const rowTexts = await callRows(page).allInnerTexts();
      assert.ok(
        rowTexts.every((text) => /\n(New|In progress)$/.test(text.trim())),
        rowTexts.join('\n---\n'),
      );
      const cote = callRows(page).filter({ hasText: 'Hélène Côté' });
      assert.match(await cote.innerText(), /\+1 514-555-0163/);
      assert.match(await cote.innerText(), /Reschedule/);
      assert.match(await cote.innerText(), /Call back: Afternoon/);
      assert.match(await cote.innerText(), /Today \d\d:\d\d|Yesterday \d\d:\d\d/);
      await screenshot(page, 'call-list');
    } finally {
      await context.close();
    }
  });

  test('search narrows the list: "cote" finds Hélène Côté, and the chip counts follow the search', async () => {
    const everything = await listFromApi({});
    const expected = await listFromApi({ search: 'cote' });
    const expectedCounts = await countsFromApi('cote');
    assert.ok(expected.total < everything.total);
    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, CLINIC);
      await page.getByRole('searchbox', { name: 'Search calls' }).fill('cote');
      await page.waitForURL(/[?&]q=cote(&|$)/);
      await listSettled(page, { total: expected.total });
      assert.deepEqual(await rowNames(page), expected.items.map(displayedName));
      assert.ok((await rowNames(page)).includes('Hélène Côté'));
      for (const [label, status] of STATUS_CHIPS) {
        await statusChip(page, label)
          .filter({ hasText: String(expectedCounts[status]) })
          .waitFor();
      }

      // Every word must match: her first name and last name, accents or not, find only her.
      await page.getByRole('searchbox', { name: 'Search calls' }).fill('helene cote');
      await listSettled(page, { total: (await listFromApi({ search: 'helene cote' })).total });
      assert.deepEqual(await rowNames(page), ['Hélène Côté']);

      await page.getByRole('searchbox', { name: 'Search calls' }).fill('');
      await listSettled(page, { total: everything.total });
      assert.doesNotMatch(page.url(), /q=/);
    } finally {
      await context.close();
    }
  });

  test('the status chips filter the list, and their counts are those of the API', async () => {
    const counts = await countsFromApi();
    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, CLINIC);
      for (const [label, status] of STATUS_CHIPS) {
        await statusChip(page, label)
          .filter({ hasText: String(counts[status]) })
          .waitFor();
        assert.equal(
          await statusChip(page, label)
            .innerText()
            .then((t) => t.replace(/\s+/g, ' ').trim()),
          `${label} ${counts[status]}`,
        );
      }
      await listSettled(page, { total: counts.New + counts['In Progress'] });

      await statusChip(page, 'Done').click();
      await listSettled(page, { total: counts.New + counts['In Progress'] + counts.Done });
      assert.equal(await statusChip(page, 'Done').getAttribute('aria-pressed'), 'true');

      await statusChip(page, 'New').click();
      await listSettled(page, { total: counts['In Progress'] + counts.Done });
      await statusChip(page, 'In progress').click();
      await listSettled(page, { total: counts.Done });
      await page.waitForURL((url) => url.searchParams.getAll('status').join() === 'Done');
      const statuses = (await callRows(page).allInnerTexts()).map((text) => text.trim().split('\n').at(-1));
      assert.equal(statuses.length, Math.min(PAGE_SIZE, counts.Done));
      assert.ok(
        statuses.every((s) => s === 'Done'),
        statuses.join(),
      );
      const expected = await listFromApi({ statuses: ['Done'] });
      assert.deepEqual(await rowNames(page), expected.items.map(displayedName));

      await statusChip(page, 'Archived').click();
      await listSettled(page, { total: counts.Done + counts.Archived });

      await page.getByRole('button', { name: 'Reset filters' }).click();
      await listSettled(page, { total: counts.New + counts['In Progress'] });
      assert.equal(await statusChip(page, 'Archived').getAttribute('aria-pressed'), 'false');
      assert.equal(await statusChip(page, 'New').getAttribute('aria-pressed'), 'true');
    } finally {
      await context.close();
    }
  });

  test('page 2 stays page 2 after a reload, back and forward move between pages, and a shared link opens the same view', async () => {
    const first = await listFromApi({});
    const second = await listFromApi({ page: 2 });
    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, CLINIC);
      await listSettled(page, { total: first.total });
      const pageOneRows = await callRows(page).allInnerTexts();
      assert.deepEqual(await rowNames(page), first.items.map(displayedName));

      const pages = page.getByRole('navigation', { name: 'Pages' });
      assert.equal(await pages.getByRole('button', { name: 'Page 1' }).getAttribute('aria-current'), 'page');
      await pages.getByRole('button', { name: 'Page 2' }).click();
      await page.waitForURL(/[?&]page=2(&|$)/);
      await listSettled(page, { total: first.total, page: 2 });
      assert.deepEqual(await rowNames(page), second.items.map(displayedName));
      const pageTwoRows = await callRows(page).allInnerTexts();
      assert.notDeepEqual(pageTwoRows, pageOneRows);

      await page.reload();
      await listSettled(page, { total: first.total, page: 2 });
      assert.deepEqual(await callRows(page).allInnerTexts(), pageTwoRows);
      assert.equal(await pages.getByRole('button', { name: 'Page 2' }).getAttribute('aria-current'), 'page');

      await page.goBack();
      await listSettled(page, { total: first.total, page: 1 });
      assert.doesNotMatch(page.url(), /page=/);
      assert.deepEqual(await callRows(page).allInnerTexts(), pageOneRows);

      await page.goForward();
      await listSettled(page, { total: first.total, page: 2 });
      assert.deepEqual(await callRows(page).allInnerTexts(), pageTwoRows);

      await pages.getByRole('button', { name: /Previous/ }).click();
      await listSettled(page, { total: first.total, page: 1 });
      assert.deepEqual(await callRows(page).allInnerTexts(), pageOneRows);
    } finally {
      await context.close();
    }

    // A colleague opens a link to page 2 of the Done calls: after signing in, that is what they see.
    const done = await listFromApi({ statuses: ['Done'], page: 2 });
    const shared = await openPage(browser, `${server.url}/?clinic=${clinicId}&status=Done&page=2`);
    try {
      await signIn(shared.page, server.demo, CLINIC);
      await listSettled(shared.page, { total: done.total, page: 2 });
      assert.deepEqual(await rowNames(shared.page), done.items.map(displayedName));
      assert.equal(await statusChip(shared.page, 'Done').getAttribute('aria-pressed'), 'true');
      assert.equal(await statusChip(shared.page, 'New').getAttribute('aria-pressed'), 'false');
    } finally {
      await shared.context.close();
    }
  });

  test('switching to French changes the labels, and the choice is remembered after a reload', async () => {
    const expected = await listFromApi({});
    const counts = await countsFromApi();
    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, CLINIC);
      const language = page.getByRole('group', { name: 'Language' });
      assert.equal(await language.getByRole('button', { name: 'EN' }).getAttribute('aria-pressed'), 'true');
      await language.getByRole('button', { name: 'FR' }).click();

      await page.getByRole('heading', { level: 1, name: 'Appels · Zenith Dental Center' }).waitFor();
      const checkFrench = async () => {
        await page.getByText(rangeText(expected.total, 1, true), { exact: true }).waitFor();
        await page.getByRole('searchbox', { name: 'Rechercher des appels' }).waitFor();
        assert.equal(await page.getByRole('searchbox').getAttribute('placeholder'), 'Nom, téléphone ou résumé');
        const chips = page.getByRole('main').getByRole('group', { name: 'Statut' }).getByRole('button');
        assert.deepEqual(
          (await chips.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()),
          [`Nouveau ${counts.New}`, `En cours ${counts['In Progress']}`, `Traité ${counts.Done}`, `Archivé ${counts.Archived}`],
        );
        await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
        await page.getByRole('combobox', { name: 'Motif' }).waitFor();
        const statuses = (await callRows(page).allInnerTexts()).map((text) => text.trim().split('\n').at(-1));
        assert.ok(
          statuses.every((s) => s === 'Nouveau' || s === 'En cours'),
          statuses.join(),
        );
        const cote = await callRows(page).filter({ hasText: 'Hélène Côté' }).innerText();
        assert.match(cote, /Rappeler : Après-midi/);
        assert.match(cote, /Report/);
        assert.match(cote, /(Aujourd’hui|Hier) \d\d h \d\d/, 'times are written the French way');
      };
      await checkFrench();
      await screenshot(page, 'call-list-fr');

      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Appels · Zenith Dental Center' }).waitFor();
      await checkFrench();
      assert.equal(
        await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'FR' }).getAttribute('aria-pressed'),
        'true',
      );

      await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'EN' }).click();
      await page.getByRole('heading', { level: 1, name: 'Calls · Zenith Dental Center' }).waitFor();
      await page.getByText(rangeText(expected.total), { exact: true }).waitFor();
    } finally {
      await context.close();
    }
  });
});
