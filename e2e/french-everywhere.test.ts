import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { callRows, detailPanel, listSettled, openPage, signIn, takeUncaughtPageErrors } from './support/dashboard.js';
import { api } from './support/seed.js';
import { startServerAndBrowser, type RunningServer } from './support/server.js';

/**
 * The page speaks one language at a time: a message already on screen changes with the language
 * switch, date pickers take the page's language, the voice agent's tools are named in French, and a
 * callback time the caller put in their own words ("As soon as possible") is shown as they said it.
 */

const CLINIC = 'Zenith Dental Center';
/** Vapi's report of an after-hours emergency: "As soon as possible" for a callback, one transfer tool call. */
const EMERGENCY_FIXTURE = new URL('../test/fixtures/vapi/04-emergency-toothache.json', import.meta.url);

describe('French everywhere, and the caller’s own words', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    [server, browser] = await startServerAndBrowser();
    await api(server.url, '/webhooks/vapi', {
      method: 'POST',
      body: readFileSync(EMERGENCY_FIXTURE, 'utf8'),
      headers: { 'x-vapi-secret': server.vapiSecret },
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(() => assert.deepEqual(takeUncaughtPageErrors(), []));

  const switchTo = (page: Page, code: 'EN' | 'FR') =>
    page
      .getByRole('group', { name: /^(Language|Langue)$/ })
      .getByRole('button', { name: code, exact: true })
      .click();

  test('a refused sign-in message on screen switches language with the page', async () => {
    const { context, page } = await openPage(browser, server.url);
    try {
      await page.getByLabel('E-mail').fill(server.demo.email);
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('alert');
      await alert.filter({ hasText: 'That e-mail and password do not match an account. Check them and try again.' }).waitFor();
      await switchTo(page, 'FR');
      await alert
        .filter({ hasText: 'Ce courriel et ce mot de passe ne correspondent à aucun compte. Vérifiez-les et réessayez.' })
        .waitFor();
      await switchTo(page, 'EN');
      await alert.filter({ hasText: 'That e-mail and password do not match' }).waitFor();

      // An empty form's message too.
      await page.getByLabel('Password').fill('');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await alert.filter({ hasText: 'Enter your e-mail and your password.' }).waitFor();
      await switchTo(page, 'FR');
      assert.doesNotMatch(await alert.innerText(), /Enter your/);
    } finally {
      await context.close();
    }
  });

  test('a list that failed to load says so in the language of the page, and date pickers follow it', async () => {
    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, CLINIC);
      await page.route('**/api/v1/call-logs/by-clinic/*?**', (route) => route.abort('connectionrefused'));
      await page.getByRole('searchbox', { name: 'Search calls' }).fill('mohammed');
      const error = page.getByRole('alert').filter({ hasText: 'The server could not be reached. Check the connection and try again.' });
      await error.waitFor();
      await switchTo(page, 'FR');
      await page.getByRole('alert').filter({ hasText: 'Le serveur est injoignable. Vérifiez la connexion et réessayez.' }).waitFor();
      await page.unroute('**/api/v1/call-logs/by-clinic/*?**');
      await page.getByRole('button', { name: 'Réessayer' }).first().click();
      await listSettled(page);

      assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
      await page.getByRole('combobox', { name: 'Date' }).selectOption('custom');
      for (const label of ['Du', 'Au']) {
        assert.equal(
          await page.getByRole('main').getByLabel(label, { exact: true }).getAttribute('lang'),
          'fr',
          `${label} is a French date picker`,
        );
      }
      await switchTo(page, 'EN');
      assert.equal(await page.getByRole('main').getByLabel('From', { exact: true }).getAttribute('lang'), 'en');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    } finally {
      await context.close();
    }
  });

  test('"As soon as possible" is shown as the caller said it, and the tools are named in the page’s language', async () => {
    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, CLINIC);
      await page.getByRole('searchbox', { name: 'Search calls' }).fill('aisha mohammed');
      await listSettled(page, { total: 1 });
      await callRows(page).first().click();
      const panel = detailPanel(page, 'Aisha Mohammed');
      const callback = panel.getByRole('term').filter({ hasText: 'Callback preference' }).locator('xpath=following-sibling::dd[1]');
      await panel.getByRole('heading', { name: 'Summary' }).waitFor();
      assert.equal(await callback.innerText(), 'Anytime · “As soon as possible”');
      await panel.getByText('Assistant used “transfer the call”', { exact: true }).waitFor();

      await switchTo(page, 'FR');
      await panel.getByRole('heading', { name: 'Résumé' }).waitFor();
      const rappel = panel.getByRole('term').filter({ hasText: 'Préférence de rappel' }).locator('xpath=following-sibling::dd[1]');
      assert.equal(await rappel.innerText(), 'N’importe quand · « As soon as possible »');
      await panel.getByText('L’assistante a utilisé « transférer l’appel »', { exact: true }).waitFor();
    } finally {
      await context.close();
    }
  });
});
