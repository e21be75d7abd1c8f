import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { detailPanel, listSettled, openPage, signIn, takeUncaughtPageErrors } from './support/dashboard.js';
import { emergencyCall, type DemoCall } from './support/demo-calls.js';
import { deliverCall, ZENITH_KEY } from './support/seed.js';
import { startServerAndBrowser, type RunningServer } from './support/server.js';

/**
 * An emergency that arrives while the page is open is noticed within seconds: a banner across the top
 * of the page (at every width, phones included), a tab title of its own, a tone that can be muted (and
 * stays muted), and a desktop notification. The tone and the notification are observed through the
 * page's own Web Audio and Notification objects, wrapped before the app loads.
 */

const CLINIC = 'Zenith Dental Center';

/**
 * Counts the tones played, the notifications shown and the permission requests made by the page.
 * Plain JavaScript in a string: the test's TypeScript compiler would add helpers the page lacks.
 */
const RECORDER = `
  window.e2eTones = 0;
  window.e2eNotifications = [];
  window.e2ePermissionAsks = 0;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) {
    window.e2eTones += 1;
    return start.apply(this, args);
  };
  const Real = window.Notification;
  const ask = Real.requestPermission.bind(Real);
  window.Notification = class extends Real {
    constructor(title, options) {
      window.e2eNotifications.push({ title, body: (options && options.body) || '' });
      super(title, options);
    }
    static requestPermission() {
      window.e2ePermissionAsks += 1;
      return ask();
    }
  };
`;

type Recorded = { tones: number; notifications: { title: string; body: string }[]; asks: number };
const recorded = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { e2eTones: number; e2eNotifications: { title: string; body: string }[]; e2ePermissionAsks: number };
    return { tones: w.e2eTones, notifications: w.e2eNotifications, asks: w.e2ePermissionAsks } satisfies Recorded;
  });

describe('an emergency is noticed within seconds', () => {
  let server: RunningServer;
  let browser: Browser;
  let sent = 0;

  before(async () => {
    [server, browser] = await startServerAndBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(() => assert.deepEqual(takeUncaughtPageErrors(), []));

  /** A signed-in page whose browser allows notifications (or not), with the recorder installed. */
  async function openDashboard(options: { notifications: boolean; viewport?: { width: number; height: number } }) {
    const { context, page } = await openPage(browser, 'about:blank');
    if (options.notifications) await context.grantPermissions(['notifications'], { origin: server.url });
    if (options.viewport) await page.setViewportSize(options.viewport);
    await context.addInitScript({ content: RECORDER });
    await page.goto(server.url);
    await signIn(page, server.demo, CLINIC);
    await live(page);
    return { context, page };
  }

  const live = (page: Page) =>
    page
      .getByRole('banner')
      .getByRole('status')
      .filter({ hasText: /^(Live|En direct)$/ })
      .waitFor();

  async function sendEmergency(overrides: Partial<DemoCall> = {}) {
    sent += 1;
    const call = { ...emergencyCall(ZENITH_KEY, new Date(Date.now() - 60_000), `alert-${sent}`), ...overrides };
    await deliverCall(server.url, server.vapiSecret, call);
    return call;
  }

  const banner = (page: Page) => page.getByRole('region', { name: /^(Emergency|Urgence)$/ });

  /** The banner is at the very top of the viewport, whole, and nothing covers its buttons. */
  async function assertOnTop(page: Page) {
    // Once it has slid in.
    await page.waitForFunction(
      () => document.querySelector('[aria-label] > [role="alert"]')?.parentElement?.getBoundingClientRect().y === 0,
    );
    const box = await banner(page).boundingBox();
    const width = page.viewportSize()!.width;
    assert.ok(box, 'the banner is on screen');
    assert.equal(box.y, 0, 'the banner starts at the top of the viewport');
    assert.ok(box.x >= 0 && box.x + box.width <= width, `the banner fits the width: ${JSON.stringify(box)} in ${width}`);
    for (const button of await banner(page).getByRole('button').all()) {
      const b = (await button.boundingBox())!;
      assert.ok(b.x >= 0 && b.x + b.width <= width, `${await button.getAttribute('aria-label')} fits: ${JSON.stringify(b)}`);
    }
  }

  test('banner, tab title, tone and notification; opening the call ends the alert', async () => {
    const { context, page } = await openDashboard({ notifications: true });
    try {
      const before = await recorded(page);
      assert.deepEqual(before, { tones: 0, notifications: [], asks: 0 }, 'the browser allowed notifications already: nothing to ask');
      const titleBefore = await page.title();
      assert.doesNotMatch(titleBefore, /🚨/);

      await sendEmergency();
      const alert = banner(page).getByRole('alert');
      await alert.waitFor();
      assert.equal(
        (await alert.innerText()).split('\n').find((line) => line.startsWith('Emergency')),
        'Emergency call from Marie-Ève Lapointe · +1 438-555-0147',
      );
      await page.waitForFunction(() => document.title === '🚨 Emergency — Zenicall');
      await assertOnTop(page);
      const after = await recorded(page);
      assert.deepEqual(after.notifications, [{ title: 'Emergency call · Marie-Ève Lapointe', body: '+1 438-555-0147' }]);
      assert.equal(after.tones, 3, 'three beeps');

      // A routine call does not take the title or sound the alarm.
      await deliverCall(server.url, server.vapiSecret, {
        ...emergencyCall(ZENITH_KEY, new Date(Date.now() - 30_000), 'routine'),
        firstName: 'Nora',
        lastName: 'Haddad',
        reason: 'new_appointment',
      });
      await page.getByRole('status').filter({ hasText: 'New call from Nora Haddad' }).waitFor();
      assert.equal((await recorded(page)).tones, 3);
      assert.equal((await recorded(page)).notifications.length, 1);

      await alert.getByRole('button', { name: 'Open the call' }).click();
      await detailPanel(page, 'Marie-Ève Lapointe').getByRole('heading', { name: 'Summary' }).waitFor();
      assert.equal(await banner(page).count(), 0, 'the alert is gone once the call is open');
      await page.waitForFunction(() => !document.title.includes('🚨'));
    } finally {
      await context.close();
    }
  });

  test('the tone can be muted, and stays muted after a reload; the banner still shows', async () => {
    const { context, page } = await openDashboard({ notifications: true });
    try {
      const sound = page.getByRole('button', { name: 'Emergency sound' });
      assert.equal(await sound.getAttribute('aria-pressed'), 'true');
      await sound.click();
      assert.equal(await sound.getAttribute('aria-pressed'), 'false');
      await page.reload();
      await listSettled(page);
      await live(page);
      assert.equal(await page.getByRole('button', { name: 'Emergency sound' }).getAttribute('aria-pressed'), 'false');

      await sendEmergency({ firstName: 'Owen', lastName: 'Wilson' });
      await banner(page).getByRole('alert').filter({ hasText: 'Emergency call from Owen Wilson' }).waitFor();
      const after = await recorded(page);
      assert.equal(after.tones, 0, 'muted: no tone');
      assert.equal(after.notifications.length, 1, 'the notification still comes');

      // Dismissed, the alert leaves the banner and the title.
      await banner(page).getByRole('button', { name: 'Dismiss the alert' }).click();
      assert.equal(await banner(page).count(), 0);
      await page.waitForFunction(() => !document.title.includes('🚨'));
      await page.getByRole('button', { name: 'Emergency sound' }).click();
    } finally {
      await context.close();
    }
  });

  test('permission for notifications is asked once, on the first click, and never again', async () => {
    const { context, page } = await openDashboard({ notifications: false });
    try {
      // Signing in was done on the sign-in page; the dashboard's first click asks.
      assert.equal((await recorded(page)).asks, 0);
      await page.getByRole('button', { name: 'Emergency sound' }).click();
      await page.getByRole('button', { name: 'Emergency sound' }).click();
      assert.equal((await recorded(page)).asks, 1);
      await page.reload();
      await listSettled(page);
      await page.getByRole('button', { name: 'Emergency sound' }).click();
      assert.equal((await recorded(page)).asks, 0, 'asked once per browser, not once per page');
      await page.getByRole('button', { name: 'Emergency sound' }).click();
    } finally {
      await context.close();
    }
  });

  test('en français, and at phone width the banner sits at the top of the screen', async () => {
    for (const width of [360, 390]) {
      const { context, page } = await openDashboard({ notifications: true, viewport: { width, height: 760 } });
      try {
        await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'FR' }).click();
        await live(page);
        await sendEmergency({ firstName: 'Chloé', lastName: `Roy-${width}` });
        const alert = banner(page).getByRole('alert');
        await alert.filter({ hasText: `Appel d’urgence de Chloé Roy-${width} · +1 438-555-0147` }).waitFor();
        await page.waitForFunction(() => document.title === '🚨 Urgence — Zenicall');
        await assertOnTop(page);
        assert.deepEqual((await recorded(page)).notifications, [
          { title: `Appel d’urgence · Chloé Roy-${width}`, body: '+1 438-555-0147' },
        ]);
        assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= width);

        await alert.getByRole('button', { name: 'Ouvrir l’appel' }).click();
        await detailPanel(page, `Chloé Roy-${width}`).getByRole('heading', { name: 'Résumé' }).waitFor();
        await page.waitForFunction(() => !document.title.includes('🚨'));
      } finally {
        await context.close();
      }
    }
  });
});
