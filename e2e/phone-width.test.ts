import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { callRows, listSettled, openPage, screenshot, signIn, takeUncaughtPageErrors } from './support/dashboard.js';
import { startServerAndBrowser, type RunningServer } from './support/server.js';

/**
 * The dashboard on a phone, in a real Chromium at 360 and 390 px wide, in English and French: the
 * page never gets wider than the screen, every header button is whole and on screen, and the call
 * panel's close button can be reached.
 */

const CLINIC = 'Zenith Dental Center';
const WIDTHS = [360, 390];

describe('at phone width, everything fits', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    [server, browser] = await startServerAndBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(() => assert.deepEqual(takeUncaughtPageErrors(), []));

  const pageWidth = (page: Page) => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));

  async function assertNoSideways(page: Page, where: string) {
    const { scroll, inner } = await pageWidth(page);
    assert.ok(scroll <= inner, `${where}: the page is ${scroll} px wide on a ${inner} px screen`);
  }

  /** On screen from its left edge to its right edge, and its text not cut ("Sig" for "Sign out"). */
  async function assertWhole(page: Page, control: Locator, what: string) {
    const box = await control.boundingBox();
    const width = page.viewportSize()!.width;
    assert.ok(box, `${what} is shown`);
    assert.ok(box.x >= 0 && box.x + box.width <= width, `${what} is inside the ${width} px screen: ${JSON.stringify(box)}`);
    const cut = await control.evaluate((element) => element.scrollWidth > element.clientWidth + 1);
    assert.equal(cut, false, `${what}: its text is cut`);
  }

  for (const width of WIDTHS) {
    for (const french of [false, true]) {
      test(`${width} px, ${french ? 'French' : 'English'}: header, list, filters and the call panel fit`, async () => {
        const { context, page } = await openPage(browser, server.url);
        try {
          await page.setViewportSize({ width, height: 780 });
          await signIn(page, server.demo, CLINIC);
          if (french) {
            await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'FR' }).click();
            await page.getByRole('heading', { level: 1, name: `Appels · ${CLINIC}` }).waitFor();
          }
          await listSettled(page);
          await assertNoSideways(page, 'the list');
          if (width === 390 && !french) await screenshot(page, 'phone-list');

          const header = page.getByRole('banner');
          await assertWhole(page, header.getByRole('button', { name: french ? 'Se déconnecter' : 'Sign out' }), 'Sign out');
          await assertWhole(page, header.getByRole('button', { name: 'EN', exact: true }), 'EN');
          await assertWhole(page, header.getByRole('button', { name: 'FR', exact: true }), 'FR');
          await assertWhole(
            page,
            header.getByRole('button', { name: french ? 'Son des urgences' : 'Emergency sound' }),
            'the sound switch',
          );
          await assertWhole(page, header.getByText(CLINIC), 'the clinic');

          // Every work-queue view is reachable without scrolling sideways.
          const views = page.getByRole('navigation', { name: french ? 'File de travail' : 'Work queue' }).getByRole('link');
          assert.equal(await views.count(), 5);
          for (const view of await views.all()) await assertWhole(page, view, `the view "${await view.innerText()}"`);

          // Custom dates: two date fields side by side still fit.
          await page.getByRole('combobox', { name: 'Date' }).selectOption('custom');
          await page
            .getByRole('main')
            .getByLabel(french ? 'Du' : 'From')
            .waitFor();
          await assertNoSideways(page, 'custom dates');
          await assertWhole(page, page.getByRole('main').getByLabel(french ? 'Au' : 'To', { exact: true }), 'the "to" date');
          // Back to any date: a custom range starts at today, which has no call yet just after midnight.
          await page.getByRole('combobox', { name: 'Date' }).selectOption('all');
          await listSettled(page);

          // The call panel covers the screen, and its close button is on it.
          // By its id: a live update may reorder the rows between reading one and clicking it.
          const first = callRows(page).first();
          const [id, text] = [await first.getAttribute('data-call-id'), await first.innerText()];
          const name = text.split('\n')[0]!;
          await page.locator(`[data-call-id="${id}"]`).click();
          const panel = page.getByRole('complementary', { name });
          const close = panel.getByRole('button', { name: french ? 'Fermer' : 'Close' }).first();
          await close.waitFor();
          await assertWhole(page, close, 'the panel’s close button');
          await assertNoSideways(page, 'the open call');
          await close.click();
          await panel.waitFor({ state: 'detached' });
        } finally {
          await context.close();
        }
      });
    }
  }
});
