import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { callRows, detailPanel, listSettled, openPage, screenshot, signIn, takeUncaughtPageErrors } from './support/dashboard.js';
import { clinicCalls, type Callback, type DemoCall } from './support/demo-calls.js';
import { addStaff, api, deliverCall, signInToken, ZENITH_KEY } from './support/seed.js';
import { startServerAndBrowser, type RunningServer } from './support/server.js';

/**
 * Working a callback the way the front desk does, in a real Chromium against the real server:
 * take the call, write a note, log an attempt, close it with its outcome (in English and in French),
 * undo a close, see a colleague on the same call, drive it from the keyboard, read the caller's
 * other calls, and correct what the voice agent heard. Each step is checked on screen and in the API.
 */

const CLINIC = 'Zenith Dental Center';
const MARIE = { email: 'marie.tremblay@zenith-dental.example', password: 'front-desk-marie-2026', fullName: 'Marie Tremblay' };
const PAUL = { email: 'paul.mercier@zenith-dental.example', password: 'front-desk-paul-2026', fullName: 'Paul Mercier' };

interface Detail {
  id: number;
  status: string;
  outcome: string | null;
  assignee: { id: number; name: string } | null;
  priority: string;
  callback_attempts: number;
  last_attempt_at: string | null;
  callback_due_at: string | null;
  caller_first_name: string | null;
  caller_last_name: string | null;
  reason_for_call: string | null;
  callback_preference: string | null;
  preferred_dentist: string | null;
  is_existing_patient: boolean | null;
  summary: string | null;
}
interface NotePage {
  items: { body: string; author: { id: number; name: string } }[];
}

describe('working a callback', () => {
  let server: RunningServer;
  let browser: Browser;
  let adminToken: string;
  let marieToken: string;
  let marieId: number;
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
  let serial = 0;

  /** A call of this file's own (so no test depends on another's changes), delivered through the Vapi webhook. */
  async function aCall(first: string, last: string, changes: Partial<DemoCall> = {}): Promise<number> {
    serial += 1;
    const call: DemoCall = {
      ...clinicCalls(ZENITH_KEY, 1, new Date())[0]!,
      callId: `e2e-callback-${serial}`,
      firstName: first,
      lastName: last,
      phone: `+1647555${String(2000 + serial).padStart(4, '0')}`,
      reason: 'new_appointment',
      callback: 'morning',
      summary: `${first} ${last} would like a cleaning and a check-up.`,
      startedAt: minutesAgo(30 + serial),
      ...changes,
    };
    return deliverCall(server.url, server.vapiSecret, call);
  }

  const detail = (id: number) => api<Detail>(server.url, `/call-logs/${id}`, { token: adminToken });

  before(async () => {
    [server, browser] = await startServerAndBrowser();
    adminToken = await signInToken(server.url, server.admin.email, server.admin.password);
    const clinics = await api<{ id: number; name: string }[]>(server.url, '/clinics', { token: adminToken });
    const zenith = clinics.find((c) => c.name === CLINIC)!;
    for (const person of [MARIE, PAUL]) await addStaff(server.url, adminToken, person, [zenith.id]);
    marieToken = await signInToken(server.url, MARIE.email, MARIE.password);
    marieId = (await api<{ id: number }>(server.url, '/auth/me', { token: marieToken })).id;
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(() => assert.deepEqual(takeUncaughtPageErrors(), []));

  /** Signs in and opens the call whose caller is `name`, found by typing the name. */
  async function openCall(page: Page, account: { email: string; password: string }, name: string): Promise<Locator> {
    await signIn(page, account, CLINIC);
    await page.getByRole('searchbox').fill(name);
    await page.waitForURL((url) => url.searchParams.get('q') === name);
    await callRows(page).filter({ hasText: name }).click();
    const panel = detailPanel(page, name);
    await panel.getByRole('region', { name: /^(Notes)$/ }).waitFor();
    return panel;
  }

  test('assign to me → note → attempt → Done with its outcome, in English', async () => {
    const id = await aCall('Rosalind', 'Achterberg', { callback: 'As soon as possible' as Callback });
    const before = await detail(id);
    const { context, page } = await openPage(browser, server.url);
    try {
      const panel = await openCall(page, MARIE, 'Rosalind Achterberg');

      // The card: priority, what the caller asked for (in her words), the due time, no attempts yet, a number to call.
      const card = panel.getByRole('region', { name: 'Callback', exact: true });
      assert.equal(await card.getByRole('combobox', { name: 'Priority' }).inputValue(), 'Normal');
      await card.getByText('Anytime · “As soon as possible”').waitFor();
      await card.getByText('None yet').waitFor();
      assert.equal(
        await card.getByRole('link', { name: /^Call back \+1 647-555-20\d\d$/ }).getAttribute('href'),
        `tel:${'+1647555'}${String(2000 + serial).padStart(4, '0')}`,
      );
      assert.match(
        await card.innerText(),
        before.callback_due_at && Date.parse(before.callback_due_at) > Date.now() ? /Due in \d/ : /Overdue by \d/,
      );

      // Assign to me: one click; the menu says who has it.
      await card.getByRole('button', { name: 'Assign to me' }).click();
      await card.getByRole('button', { name: 'Assign to me' }).waitFor({ state: 'detached' });
      const assignee = card.getByRole('combobox', { name: 'Assigned to' });
      assert.equal(await assignee.locator('option:checked').innerText(), 'Marie Tremblay (you)');
      assert.deepEqual((await detail(id)).assignee, { id: marieId, name: 'Marie Tremblay' });

      // A note: shown under Notes with its author; the summary is untouched.
      await panel.getByRole('textbox', { name: 'New note' }).fill('Her husband answered: she is at work until 4 pm.');
      await panel.getByRole('button', { name: 'Add note' }).click();
      const notes = panel.getByRole('list', { name: 'Notes' });
      await notes.getByText('Her husband answered: she is at work until 4 pm.').waitFor();
      assert.match(await notes.innerText(), /Marie Tremblay ·/);
      assert.equal(await panel.getByRole('textbox', { name: 'New note' }).inputValue(), '');
      const notesFromApi = await api<NotePage>(server.url, `/call-logs/${id}/notes`, { token: adminToken });
      assert.deepEqual(
        notesFromApi.items.map((n) => [n.body, n.author]),
        [['Her husband answered: she is at work until 4 pm.', { id: marieId, name: 'Marie Tremblay' }]],
      );
      assert.equal((await detail(id)).summary, before.summary);

      // A callback attempt: no answer. The card counts it and the due time moves on.
      const attempts = panel.getByRole('region', { name: 'Callback attempts' });
      await attempts.getByRole('textbox', { name: 'Note (optional)' }).fill('Rang 8 times, no voicemail.');
      await attempts.getByRole('group', { name: 'Log a callback attempt' }).getByRole('button', { name: 'No answer' }).click();
      await card.getByText(/^1 attempt/).waitFor();
      assert.match(await card.innerText(), /1 attempt · last Today \d\d:\d\d/);
      const afterAttempt = await detail(id);
      assert.equal(afterAttempt.callback_attempts, 1);
      assert.ok(afterAttempt.last_attempt_at);
      assert.notEqual(afterAttempt.callback_due_at, before.callback_due_at, 'the next attempt has its own due time');
      assert.match(await card.innerText(), /Due in \d/);

      // The trail says who did what, in words.
      const trail = panel.getByRole('list', { name: 'Activity' });
      await trail.getByText('Marie Tremblay called back: No answer').waitFor();
      const lines = (await trail.getByRole('listitem').allInnerTexts()).map((line) => line.split('\n')[0]!.trim());
      assert.equal(lines[0], 'Voice agent recorded the call');
      for (const line of [
        'Marie Tremblay assigned to Marie Tremblay',
        'Marie Tremblay added a note',
        'Marie Tremblay called back: No answer',
      ])
        assert.ok(lines.includes(line), `${line} in ${lines.join(' | ')}`);
      await screenshot(page, 'work-a-callback');

      // Done asks how it ended; Archive is a small link elsewhere, not a neighbour of Done.
      const statusGroup = panel.getByRole('group', { name: 'Status' });
      assert.deepEqual(await statusGroup.getByRole('button').allInnerTexts(), ['New', 'In progress', 'Done']);
      await statusGroup.getByRole('button', { name: 'Done' }).click();
      const outcomes = panel.getByRole('group', { name: 'How did it end?' });
      assert.deepEqual(await outcomes.getByRole('button').allInnerTexts(), [
        'Booked',
        'Rescheduled',
        'Cancelled',
        'Answered',
        'No action needed',
        'Unreachable',
      ]);
      await outcomes.getByRole('button', { name: 'Booked' }).click();
      await page.getByRole('status').filter({ hasText: 'Rosalind Achterberg: done, booked' }).waitFor();
      await panel.waitFor({ state: 'detached' });
      const closed = await detail(id);
      assert.deepEqual([closed.status, closed.outcome], ['Done', 'Booked']);
    } finally {
      await context.close();
    }
  });

  test('the same in French: me l’attribuer → note → tentative → Traité avec son résultat', async () => {
    const id = await aCall('Éloïse', 'Bergeron', { callback: 'afternoon' });
    const { context, page } = await openPage(browser, server.url);
    try {
      await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'FR' }).click();
      await page.getByLabel('Mot de passe').waitFor();
      await page.getByLabel('Courriel').fill(MARIE.email);
      await page.getByLabel('Mot de passe').fill(MARIE.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { level: 1, name: `Appels · ${CLINIC}` }).waitFor();
      await listSettled(page);
      await page.getByRole('searchbox').fill('Éloïse Bergeron');
      await callRows(page).filter({ hasText: 'Éloïse Bergeron' }).click();
      const panel = detailPanel(page, 'Éloïse Bergeron');
      const card = panel.getByRole('region', { name: 'Rappel', exact: true });
      await card.getByText('Aucune').waitFor();
      assert.equal(await card.getByRole('combobox', { name: 'Priorité' }).locator('option:checked').innerText(), 'Normale');
      assert.match(await card.innerText(), /Après-midi/);
      assert.match(await card.innerText(), /(À rappeler dans|En retard de) \d/);

      await card.getByRole('button', { name: 'Me l’attribuer' }).click();
      await card.getByRole('button', { name: 'Me l’attribuer' }).waitFor({ state: 'detached' });
      assert.equal(await card.getByRole('combobox', { name: 'Attribué à' }).locator('option:checked').innerText(), 'Marie Tremblay (vous)');

      await panel.getByRole('textbox', { name: 'Nouvelle note' }).fill('Préfère être rappelée après 14 h.');
      await panel.getByRole('button', { name: 'Ajouter la note' }).click();
      await panel.getByRole('list', { name: 'Notes' }).getByText('Préfère être rappelée après 14 h.').waitFor();

      const attempts = panel.getByRole('region', { name: 'Tentatives de rappel' });
      await attempts.getByRole('button', { name: 'Message laissé' }).click();
      await card.getByText(/^1 tentative/).waitFor();
      assert.match(await card.innerText(), /1 tentative · dernière Aujourd’hui \d\d h \d\d/);

      const trail = panel.getByRole('list', { name: 'Activité' });
      await trail.getByText('Marie Tremblay a rappelé : Message laissé').waitFor();
      const lines = (await trail.getByRole('listitem').allInnerTexts()).map((line) => line.split('\n')[0]!.trim());
      assert.equal(lines[0], 'Agent vocal a enregistré l’appel');
      for (const line of ['Marie Tremblay a attribué à Marie Tremblay', 'Marie Tremblay a ajouté une note'])
        assert.ok(lines.includes(line), `${line} in ${lines.join(' | ')}`);

      await panel.getByRole('group', { name: 'Statut' }).getByRole('button', { name: 'Traité' }).click();
      await panel.getByRole('group', { name: 'Quel a été le résultat ?' }).getByRole('button', { name: 'Rendez-vous pris' }).click();
      await page.getByRole('status').filter({ hasText: 'Éloïse Bergeron : traité, rendez-vous pris' }).waitFor();
      await panel.waitFor({ state: 'detached' });

      const closed = await detail(id);
      assert.deepEqual(
        [closed.status, closed.outcome, closed.assignee, closed.callback_attempts],
        ['Done', 'Booked', { id: marieId, name: 'Marie Tremblay' }, 1],
      );
      const notes = await api<NotePage>(server.url, `/call-logs/${id}/notes`, { token: adminToken });
      assert.deepEqual(
        notes.items.map((n) => n.body),
        ['Préfère être rappelée après 14 h.'],
      );
    } finally {
      await context.close();
    }
  });

  test('an error on screen follows the page into French', async () => {
    await aCall('Casimir', 'Dunleavy');
    const { context, page } = await openPage(browser, server.url);
    try {
      const panel = await openCall(page, MARIE, 'Casimir Dunleavy');
      await page.route('**/api/v1/call-logs/*/notes', (route) => (route.request().method() === 'POST' ? route.abort() : route.fallback()));
      await panel.getByRole('textbox', { name: 'New note' }).fill('Call after lunch.');
      await panel.getByRole('button', { name: 'Add note' }).click();
      const alert = panel.getByRole('alert');
      await alert.getByText('Not saved: The server could not be reached. Check the connection and try again.').waitFor();
      await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'FR' }).click();
      await alert.getByText('Non enregistré : Le serveur est injoignable. Vérifiez la connexion et réessayez.').waitFor();
    } finally {
      await context.close();
    }
  });

  test('after Done, Undo puts the call back as it was and shows it again', async () => {
    const id = await aCall('Tobias', 'Wetherell');
    await api(server.url, `/call-logs/${id}`, { method: 'PATCH', token: adminToken, body: { status: 'In Progress' } });
    const { context, page } = await openPage(browser, server.url);
    try {
      const panel = await openCall(page, MARIE, 'Tobias Wetherell');
      await panel.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Done' }).click();
      await panel.getByRole('button', { name: 'Answered' }).click();
      const toast = page.getByRole('status').filter({ hasText: 'Tobias Wetherell: done, answered' });
      await panel.waitFor({ state: 'detached' });
      assert.deepEqual([(await detail(id)).status, (await detail(id)).outcome], ['Done', 'Answered']);

      await toast.getByRole('button', { name: 'Undo' }).click();
      await page.getByRole('status').filter({ hasText: 'Tobias Wetherell: back as it was' }).waitFor();
      const reopened = detailPanel(page, 'Tobias Wetherell');
      await reopened.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'In progress', pressed: true }).waitFor();
      const restored = await detail(id);
      assert.deepEqual([restored.status, restored.outcome], ['In Progress', null]);
      await callRows(page).filter({ hasText: 'Tobias Wetherell' }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('Archive is a small link away from Done; after it the panel moves to the next call, and Undo brings it back', async () => {
    const first = await aCall('Wilhelmina', 'Quist', { startedAt: minutesAgo(5) });
    const second = await aCall('Wilhelmina', 'Quarrie', { startedAt: minutesAgo(6) });
    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, MARIE, CLINIC);
      await page.getByRole('searchbox').fill('Wilhelmina');
      await listSettled(page);
      await callRows(page).filter({ hasText: 'Wilhelmina Quist' }).click();
      const panel = detailPanel(page, 'Wilhelmina Quist');
      const archive = panel.getByRole('button', { name: 'Archive' });
      const done = panel.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Done' });
      const [archiveBox, doneBox] = [(await archive.boundingBox())!, (await done.boundingBox())!];
      assert.ok(archiveBox.height < doneBox.height && archiveBox.width < doneBox.width, 'Archive is smaller than Done');
      assert.ok(Math.abs(archiveBox.y - doneBox.y) > doneBox.height * 2, 'and not beside it');

      await archive.click();
      await detailPanel(page, 'Wilhelmina Quarrie').getByRole('region', { name: 'Notes' }).waitFor();
      assert.match(page.url(), new RegExp(`[?&]call=${second}(&|$)`));
      assert.equal((await detail(first)).status, 'Archived');

      await page.getByRole('status').filter({ hasText: 'Wilhelmina Quist: archived' }).getByRole('button', { name: 'Undo' }).click();
      await detailPanel(page, 'Wilhelmina Quist')
        .getByRole('group', { name: 'Status' })
        .getByRole('button', { name: 'New', pressed: true })
        .waitFor();
      assert.equal((await detail(first)).status, 'New');
    } finally {
      await context.close();
    }
  });

  test('presence: Marie sees “Paul Mercier is viewing this call” while Paul has it open, and not after he closes it', async () => {
    await aCall('Perpetua', 'Sandoval');
    const marie = await openPage(browser, server.url);
    const paul = await openPage(browser, server.url);
    try {
      const mariePanel = await openCall(marie.page, MARIE, 'Perpetua Sandoval');
      const viewing = mariePanel.getByRole('status').filter({ hasText: 'is viewing this call' });
      assert.equal(await viewing.count(), 0, 'she is alone: she is not told about herself');

      const paulPanel = await openCall(paul.page, PAUL, 'Perpetua Sandoval');
      await mariePanel.getByText('Paul Mercier is viewing this call').waitFor();
      await paulPanel.getByText('Marie Tremblay is viewing this call').waitFor();
      await screenshot(marie.page, 'presence');

      await paul.page.keyboard.press('Escape');
      await paulPanel.waitFor({ state: 'detached' });
      await mariePanel.getByText('Paul Mercier is viewing this call').waitFor({ state: 'detached' });

      // Paul opens it again and closes his tab: the page says it is leaving as it unloads.
      await callRows(paul.page).filter({ hasText: 'Perpetua Sandoval' }).click();
      await mariePanel.getByText('Paul Mercier is viewing this call').waitFor();
      await paul.page.close({ runBeforeUnload: true });
      await mariePanel.getByText('Paul Mercier is viewing this call').waitFor({ state: 'detached' });
    } finally {
      await marie.context.close();
      await paul.context.close();
    }
  });

  test('keyboard: a assigns, n writes a note, d asks the outcome, j/k move between calls, ? lists the shortcuts', async () => {
    const newer = await aCall('Evander', 'Lockhart', { startedAt: minutesAgo(2) });
    const older = await aCall('Evander', 'Lockwood', { startedAt: minutesAgo(3) });
    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, MARIE, CLINIC);
      await page.getByRole('searchbox').fill('Evander');
      await listSettled(page);
      await callRows(page).filter({ hasText: 'Evander Lockhart' }).click();
      const panel = detailPanel(page, 'Evander Lockhart');
      await panel.getByRole('region', { name: 'Notes' }).waitFor();

      await page.keyboard.press('?');
      const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await help.waitFor();
      assert.match(await help.innerText(), /a\s+Assign to me/);
      assert.match(await help.innerText(), /j\s+Next call/);
      await page.keyboard.press('Escape');
      await help.waitFor({ state: 'detached' });
      assert.equal(await panel.count(), 1, 'Esc closed the list, not the call');

      await page.keyboard.press('a');
      await panel.getByRole('button', { name: 'Assign to me' }).waitFor({ state: 'detached' });
      assert.deepEqual((await detail(newer)).assignee, { id: marieId, name: 'Marie Tremblay' });

      // n: straight into the note; letters typed there are text, not shortcuts.
      await page.keyboard.press('n');
      await page.keyboard.type('jk done');
      assert.equal(await panel.getByRole('textbox', { name: 'New note' }).inputValue(), 'jk done');
      assert.match(page.url(), new RegExp(`[?&]call=${newer}(&|$)`));
      await page.keyboard.press('Control+Enter');
      await panel.getByRole('list', { name: 'Notes' }).getByText('jk done').waitFor();

      await panel.getByRole('heading', { name: 'Evander Lockhart' }).focus();
      await page.keyboard.press('j');
      await detailPanel(page, 'Evander Lockwood').getByRole('region', { name: 'Notes' }).waitFor();
      assert.match(page.url(), new RegExp(`[?&]call=${older}(&|$)`));
      await page.keyboard.press('k');
      await detailPanel(page, 'Evander Lockhart').getByRole('region', { name: 'Notes' }).waitFor();

      await page.keyboard.press('d');
      const outcomes = panel.getByRole('group', { name: 'How did it end?' });
      await outcomes.waitFor();
      await page.keyboard.press('Enter'); // the first outcome has the focus: Booked
      await detailPanel(page, 'Evander Lockwood').getByRole('region', { name: 'Notes' }).waitFor();
      const closed = await detail(newer);
      assert.deepEqual([closed.status, closed.outcome], ['Done', 'Booked']);
    } finally {
      await context.close();
    }
  });

  test('caller history: the caller’s other calls are listed, newest first, and open in the panel', async () => {
    const phone = '+15145550188';
    const oldest = await aCall('Henrietta', 'Vasquez', { phone, reason: 'emergency', startedAt: minutesAgo(3 * 24 * 60) });
    const middle = await aCall('Henrietta', 'Vasquez', { phone, reason: 'reschedule', startedAt: minutesAgo(24 * 60) });
    const newest = await aCall('Henrietta', 'Vasquez', { phone, reason: 'general_message', startedAt: minutesAgo(1) });
    await api(server.url, `/call-logs/${oldest}`, { method: 'PATCH', token: adminToken, body: { status: 'Done' } });
    const { context, page } = await openPage(browser, server.url);
    try {
      await page.goto(`${server.url}/?call=${newest}`);
      await signIn(page, MARIE, CLINIC);
      const panel = detailPanel(page, 'Henrietta Vasquez');
      await panel.getByText('3 calls from this number').waitFor();
      const history = panel.getByRole('list', { name: 'Other calls from this number' });
      const rows = history.getByRole('button');
      await rows.first().waitFor();
      const texts = (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
      assert.equal(texts.length, 2);
      assert.match(texts[0]!, /^Yesterday \d\d:\d\d Reschedule New$/);
      assert.match(texts[1]!, /Emergency Done$/);

      await rows.nth(1).click();
      await page.waitForURL((url) => url.searchParams.get('call') === String(oldest));
      await panel.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Done', pressed: true }).waitFor();
      const otherCalls = panel.getByRole('list', { name: 'Other calls from this number' }).getByRole('button');
      await otherCalls.first().waitFor();
      const fromOldest = await otherCalls.count();
      assert.equal(fromOldest, 2);
      assert.ok(middle > 0);
    } finally {
      await context.close();
    }
  });

  test('corrections: name, reason, callback, dentist and patient are corrected in the panel; the summary stays', async () => {
    const id = await aCall('Barnaby', 'Okeke', { reason: 'other', callback: 'evening', dentist: null, existingPatient: null });
    const before = await detail(id);
    const { context, page } = await openPage(browser, server.url);
    try {
      const panel = await openCall(page, MARIE, 'Barnaby Okeke');
      await panel.getByRole('button', { name: 'Correct the details' }).click();
      const form = panel.getByRole('form', { name: 'Correct the details' });
      await form.getByLabel('First name').fill('Barnabé');
      await form.getByLabel('Reason').selectOption({ label: 'Reschedule' });
      await form.getByLabel('Callback preference').selectOption({ label: 'Morning' });
      await form.getByLabel('Preferred dentist').fill('Dr. Sarah Lin');
      await form.getByLabel('Patient').selectOption({ label: 'Existing patient' });
      await form.getByRole('button', { name: 'Save' }).click();
      const corrected = detailPanel(page, 'Barnabé Okeke');
      await corrected.getByRole('heading', { name: 'Barnabé Okeke' }).waitFor();
      const facts = await corrected.getByRole('definition').allInnerTexts();
      // What the caller said is still shown beside the corrected preference.
      assert.ok(
        facts.includes('Dr. Sarah Lin') && facts.includes('Existing patient') && facts.includes('Morning · “evening”'),
        facts.join(' | '),
      );
      const correction = corrected.getByRole('list', { name: 'Activity' }).getByText(/^Marie Tremblay corrected /);
      await correction.waitFor();
      const line = await correction.innerText();
      for (const field of ['the first name', 'the reason', 'the callback preference', 'the preferred dentist', 'new/existing patient'])
        assert.ok(line.includes(field), `${field} in ${line}`);
      assert.ok(!line.includes('last name') && !line.includes('summary'), line);

      const after = await detail(id);
      assert.deepEqual(
        {
          first: after.caller_first_name,
          last: after.caller_last_name,
          reason: after.reason_for_call,
          callback: after.callback_preference,
          dentist: after.preferred_dentist,
          existing: after.is_existing_patient,
          summary: after.summary,
        },
        {
          first: 'Barnabé',
          last: 'Okeke',
          reason: 'Reschedule',
          callback: 'Morning',
          dentist: 'Dr. Sarah Lin',
          existing: true,
          summary: before.summary,
        },
      );
    } finally {
      await context.close();
    }
  });
});
