import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  callRows,
  detailPanel,
  displayedName,
  listSettled,
  openPage,
  rowNames,
  screenshot,
  signIn,
  statusChip,
  takeUncaughtPageErrors,
} from './support/dashboard.js';
import { emergencyCall, type DemoCall } from './support/demo-calls.js';
import { api, deliverCall, LAKESHORE, seedLakeshore, signInToken, ZENITH_KEY } from './support/seed.js';
import { startServerAndBrowser, type RunningServer } from './support/server.js';

/**
 * Who sees what, and what arrives by itself, in a real Chromium against the real server: a staff
 * member of another clinic never sees the demo clinic's calls (list, search, deep links), and a
 * call ingested through the Vapi webhook while the page is open appears without a reload.
 */

const ZENITH = 'Zenith Dental Center';

interface CallPage {
  items: { id: number; caller_first_name: string | null; caller_last_name: string | null; caller_phone_number: string }[];
  total: number;
}

describe('clinics apart, and calls arriving live', () => {
  let server: RunningServer;
  let browser: Browser;
  let adminToken: string;
  let zenithId: number;
  let lakeshore: Awaited<ReturnType<typeof seedLakeshore>>;
  const listOf = (clinicId: number, token: string, query = 'status[]=New&status[]=In%20Progress&limit=20') =>
    api<CallPage>(server.url, `/call-logs/by-clinic/${clinicId}?${query}`, { token });

  before(async () => {
    [server, browser] = await startServerAndBrowser();
    adminToken = await signInToken(server.url, server.admin.email, server.admin.password);
    const clinics = await api<{ id: number; name: string }[]>(server.url, '/clinics', { token: adminToken });
    zenithId = clinics.find((c) => c.name === ZENITH)!.id;
    lakeshore = await seedLakeshore(server.url, adminToken, server.vapiSecret);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(() => assert.deepEqual(takeUncaughtPageErrors(), []));

  /** A Zenith call whose caller shares no name and no number with a Lakeshore caller, so that its absence means something. */
  async function aZenithCall() {
    const lakeshoreWords = new Set(lakeshore.calls.flatMap((c) => [c.firstName, c.lastName, c.phone]));
    const zenith = await listOf(zenithId, adminToken);
    const call = zenith.items.find(
      (c) =>
        [c.caller_first_name, c.caller_last_name].every((word) => word && !lakeshoreWords.has(word)) &&
        !lakeshoreWords.has(c.caller_phone_number),
    )!;
    return { ...call, name: displayedName(call) };
  }

  /** "+15145550163" as the page writes it: "+1 514-555-0163". */
  const shownPhone = (e164: string) => e164.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '+1 $1-$2-$3');

  /** Nothing of the call is on screen: not its caller's name, not their phone number. */
  async function assertNothingOf(page: Page, call: { name: string; caller_phone_number: string }) {
    const body = await page.locator('body').innerText();
    assert.ok(!body.includes(call.name), `${call.name} is on screen:\n${body}`);
    assert.ok(!body.includes(shownPhone(call.caller_phone_number)), `${call.caller_phone_number} is on screen:\n${body}`);
  }

  test('a staff member of another clinic sees that clinic’s calls only', async () => {
    const staffToken = await signInToken(server.url, lakeshore.staff.email, lakeshore.staff.password);
    const expected = await listOf(lakeshore.clinic.id, staffToken);
    const zenithCall = await aZenithCall();
    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, lakeshore.staff, LAKESHORE.name);
      await listSettled(page, { total: expected.total });
      assert.match(await page.getByRole('banner').innerText(), /Lakeshore Family Dentistry/);
      assert.doesNotMatch(await page.getByRole('banner').innerText(), /Zenith/);
      assert.equal(await page.getByRole('combobox', { name: 'Clinic' }).count(), 0, 'one clinic: no clinic switcher');
      const names = await rowNames(page);
      assert.deepEqual(names, expected.items.map(displayedName));
      const lakeshoreNames = new Set(lakeshore.calls.map((c) => `${c.firstName} ${c.lastName}`));
      assert.ok(
        names.every((name) => lakeshoreNames.has(name)),
        names.join(),
      );

      // Searching for a Zenith caller finds nothing, in any status.
      await page.getByRole('searchbox', { name: 'Search calls' }).fill(zenithCall.name);
      await listSettled(page, { total: 0 });
      for (const label of ['New', 'In progress', 'Done', 'Archived']) {
        assert.match(await statusChip(page, label).innerText(), /\b0$/, `${label} counts no Zenith call`);
      }
      await assertNothingOf(page, zenithCall);
    } finally {
      await context.close();
    }
  });

  test('a link to a Zenith call shows a Lakeshore staff member nothing of it', async () => {
    const zenithCall = await aZenithCall();

    // The call alone: "does not exist, or belongs to a clinic you cannot see".
    const direct = await openPage(browser, `${server.url}/?call=${zenithCall.id}`);
    try {
      await signIn(direct.page, lakeshore.staff, LAKESHORE.name);
      const panel = direct.page.getByRole('complementary', { name: 'Call details' });
      await panel.getByRole('alert').filter({ hasText: 'This call could not be loaded.' }).waitFor();
      assert.match(await panel.innerText(), /This call does not exist, or it belongs to a clinic you cannot see\./);
      assert.equal(await panel.getByRole('button', { name: 'Try again' }).count(), 0);
      await assertNothingOf(direct.page, zenithCall);
    } finally {
      await direct.context.close();
    }

    // The whole view of the Zenith clinic: the page says so and shows the person's own clinic.
    const shared = await openPage(browser, `${server.url}/?clinic=${zenithId}&status=all&call=${zenithCall.id}`);
    try {
      await signIn(shared.page, lakeshore.staff, LAKESHORE.name);
      await shared.page
        .getByRole('status')
        .filter({ hasText: 'That clinic is not one of yours: showing Lakeshore Family Dentistry.' })
        .waitFor();
      await shared.page.waitForURL(
        (url) => url.searchParams.get('clinic') === String(lakeshore.clinic.id) && !url.searchParams.has('call'),
      );
      const everyStatus = await listOf(
        lakeshore.clinic.id,
        await signInToken(server.url, lakeshore.staff.email, lakeshore.staff.password),
        'status[]=New&status[]=In%20Progress&status[]=Done&status[]=Archived&limit=20',
      );
      await listSettled(shared.page, { total: everyStatus.total });
      assert.deepEqual(await rowNames(shared.page), everyStatus.items.map(displayedName));
      assert.equal(await shared.page.getByRole('complementary').count(), 0, 'no call is open');
      await assertNothingOf(shared.page, zenithCall);
    } finally {
      await shared.context.close();
    }
  });

  test('a call ingested while the page is open appears without a reload, and an emergency is announced', async () => {
    const frontDesk = await signInToken(server.url, server.demo.email, server.demo.password);
    const counts = await api<Record<string, number>>(server.url, `/call-logs/by-clinic/${zenithId}/counts`, { token: frontDesk });
    const before = await listOf(zenithId, frontDesk);
    const { context, page } = await openPage(browser, server.url);
    // A colleague at Lakeshore has the page open too: Zenith's emergency is none of theirs.
    const colleague = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, ZENITH);
      await listSettled(page, { total: before.total });
      await signIn(colleague.page, lakeshore.staff, LAKESHORE.name);
      for (const p of [page, colleague.page])
        await p
          .getByRole('status')
          .filter({ hasText: /^Live$/ })
          .waitFor();
      // Set on this document only: a reload would lose it.
      await page.evaluate(() => ((window as unknown as { e2eSameDocument: boolean }).e2eSameDocument = true));

      const emergency = emergencyCall(ZENITH_KEY, new Date(Date.now() - 2 * 60_000), 'live');
      await deliverCall(server.url, server.vapiSecret, emergency);

      const alert = page.getByRole('alert').filter({ hasText: 'Emergency call from Marie-Ève Lapointe' });
      await alert.waitFor();
      assert.equal(
        (await alert.innerText()).split('\n').find((line) => line.startsWith('Emergency')),
        'Emergency call from Marie-Ève Lapointe · +1 438-555-0147',
      );
      await listSettled(page, { total: before.total + 1 });
      assert.equal((await rowNames(page))[0], 'Marie-Ève Lapointe');
      assert.match(await callRows(page).first().innerText(), /Emergency/);
      await statusChip(page, 'New')
        .filter({ hasText: String(counts.New! + 1) })
        .waitFor();
      await screenshot(page, 'live-emergency');

      // A routine call is announced quietly, in the list and a passing notice.
      const routine: DemoCall = {
        ...emergency,
        callId: 'e2e-live-routine',
        firstName: 'Nora',
        lastName: 'Haddad',
        phone: '+16475550182',
        reason: 'new_appointment',
        existingPatient: true,
        callback: 'morning',
        summary: 'Nora Haddad would like her six-month check-up and a cleaning, mornings preferred.',
        detailedReason: 'Six-month check-up and cleaning.',
        startedAt: new Date(Date.now() - 60_000),
      };
      await deliverCall(server.url, server.vapiSecret, routine);
      await page.getByRole('status').filter({ hasText: 'New call from Nora Haddad' }).waitFor();
      await listSettled(page, { total: before.total + 2 });
      assert.deepEqual((await rowNames(page)).slice(0, 2), ['Nora Haddad', 'Marie-Ève Lapointe']);

      // A colleague's status change shows up too.
      const lapointe = await api<CallPage>(server.url, `/call-logs/by-clinic/${zenithId}?search=Lapointe`, { token: frontDesk });
      await api(server.url, `/call-logs/${lapointe.items[0]!.id}`, { method: 'PATCH', token: adminToken, body: { status: 'In Progress' } });
      await callRows(page)
        .filter({ hasText: 'Marie-Ève Lapointe' })
        .filter({ hasText: /In progress$/ })
        .waitFor();

      // The emergency notice opens the call.
      await alert.getByRole('button', { name: 'Open' }).click();
      await detailPanel(page, 'Marie-Ève Lapointe').getByText(emergency.summary, { exact: true }).waitFor();

      assert.equal(
        await page.evaluate(() => (window as unknown as { e2eSameDocument?: boolean }).e2eSameDocument),
        true,
        'the page never reloaded',
      );

      // Lakeshore's own new call reaches the colleague; Zenith's emergency, sent before it, never did.
      const lakeshoreCall: DemoCall = {
        ...routine,
        clinicKey: LAKESHORE.key,
        callId: 'e2e-live-lakeshore',
        firstName: 'Samuel',
        lastName: 'Benali',
        phone: '+14165550191',
      };
      await deliverCall(server.url, server.vapiSecret, lakeshoreCall);
      await colleague.page.getByRole('status').filter({ hasText: 'New call from Samuel Benali' }).waitFor();
      await callRows(colleague.page).filter({ hasText: 'Samuel Benali' }).waitFor();
      assert.equal(await colleague.page.getByRole('alert').count(), 0);
      assert.ok(!(await colleague.page.locator('body').innerText()).includes('Lapointe'));
      assert.ok(!(await colleague.page.locator('body').innerText()).includes('Nora Haddad'));
    } finally {
      await context.close();
      await colleague.context.close();
    }
  });
});
