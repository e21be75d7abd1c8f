import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { pcmWav, WAV_RATE } from '../../test/helpers/recording-upstream.js';

/**
 * What the browser tests do the way a person does: open the page, sign in, read the list.
 * Locators go by role, label and visible text, never by class names.
 */

/** A laptop screen; the screenshots in the README are taken at this size. */
export const VIEWPORT = { width: 1366, height: 800 };
/**
 * Every run saves its screenshots to test-results/screenshots/ (not committed); with
 * UPDATE_SCREENSHOTS=1 they also replace the README's pictures in docs/screenshots/.
 */
const SCREENSHOT_FOLDERS = [
  new URL('../../test-results/screenshots/', import.meta.url).pathname,
  ...(process.env.UPDATE_SCREENSHOTS === '1' ? [new URL('../../docs/screenshots/', import.meta.url).pathname] : []),
];
const WAIT_MS = 10_000;

export const PAGE_SIZE = 20;

/**
 * A fresh browser profile (no session, no remembered language) on a front-desk computer in the
 * clinic's time zone (the list shows times in the browser's time zone).
 */
export async function openPage(browser: Browser, url: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-CA', timezoneId: 'America/Toronto' });
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  page.on('pageerror', (error) => uncaught.push(`${url}: ${error.stack ?? error.message}`));
  await page.goto(url);
  return { context, page };
}

const uncaught: string[] = [];

/** For `afterEach`: the page threw nothing it did not catch (a person would see a broken screen). */
export function takeUncaughtPageErrors(): string[] {
  return uncaught.splice(0);
}

export async function fillSignIn(page: Page, account: { email: string; password: string }): Promise<void> {
  await page.getByLabel('E-mail').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in from the form on screen and waits for the clinic's calls. */
export async function signIn(page: Page, account: { email: string; password: string }, clinicName: string): Promise<void> {
  await fillSignIn(page, account);
  await page.getByRole('heading', { level: 1, name: `Calls · ${clinicName}` }).waitFor();
  await listSettled(page);
}

/** The rows of the call list (each row is a link to the call). */
export const callRows = (page: Page): Locator => page.getByRole('list', { name: /^(Calls|Appels)$/ }).getByRole('link');

/** The "1–20 of 38 calls" line under the list, for a given page and total. */
export function rangeText(total: number, page = 1, french = false): string {
  const first = (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(page * PAGE_SIZE, total);
  const count = french ? `${total} appel${total > 1 ? 's' : ''}` : total === 1 ? '1 call' : `${total} calls`;
  return french ? `${first}–${last} sur ${count}` : `${first}–${last} of ${count}`;
}

/** Waits until the list is no longer loading and shows `total` calls on `page` (when given). */
export async function listSettled(page: Page, expected?: { total: number; page?: number }): Promise<void> {
  if (expected) {
    if (expected.total === 0) await page.getByText('No calls match', { exact: true }).waitFor();
    else await page.getByText(rangeText(expected.total, expected.page), { exact: true }).waitFor();
  }
  await page
    .getByRole('region', { name: /^(Calls|Appels)$/ })
    .and(page.locator('[aria-busy="false"]'))
    .waitFor();
}

/** Each visible row's first line: the caller's name ("Unknown caller" when none was given). */
export async function rowNames(page: Page): Promise<string[]> {
  const texts = await callRows(page).allInnerTexts();
  return texts.map((text) => text.split('\n')[0]!.trim());
}

/** The name a row shows for a call of the API. */
export const displayedName = (call: { caller_first_name: string | null; caller_last_name: string | null }) =>
  [call.caller_first_name, call.caller_last_name].filter(Boolean).join(' ').trim() || 'Unknown caller';

/** The status chips above the list, by their visible label. */
export const statusChip = (page: Page, label: string): Locator =>
  page
    .getByRole('main')
    .getByRole('group', { name: 'Status' })
    .getByRole('button', { name: new RegExp(`^${label} `) });

/** The detail panel of the open call, named by its caller. */
export const detailPanel = (page: Page, callerName: string): Locator => page.getByRole('complementary', { name: callerName });

/** Polls until `read()` returns `expected` (for a value the page fills in after a request). */
export async function waitForValue<T>(read: () => Promise<T>, expected: T, what: string, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (JSON.stringify(last) !== JSON.stringify(expected)) {
    if (Date.now() > deadline) throw new Error(`${what}: expected ${JSON.stringify(expected)}, still ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await read();
  }
}

/** Saves `<name>.png` at the laptop viewport, with no hover effect or text caret in it. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, VIEWPORT.height - 1);
  const image = await page.screenshot({ caret: 'hide', animations: 'disabled' });
  for (const folder of SCREENSHOT_FOLDERS) {
    mkdirSync(folder, { recursive: true });
    writeFileSync(`${folder}${name}.png`, image);
  }
}

/**
 * A real WAV file (8 kHz mono, 8-bit PCM: about 8 KB a second) to stand in for a call's recording:
 * a soft chime, then quiet. `seconds` can match the call's duration, so the player shows its length.
 */
export const recordingWav = (seconds: number): Buffer =>
  pcmWav(seconds, (i) => {
    const t = i / WAV_RATE;
    if (t >= 1) return 128;
    const envelope = Math.min(1, t * 40, (1 - t) * 4);
    return 128 + Math.round(Math.sin(2 * Math.PI * (t < 0.5 ? 660 : 880) * t) * 40 * envelope);
  });
