import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, ElementHandle, Page } from 'playwright-core';
import {
  callRows,
  detailPanel,
  displayedName,
  listSettled,
  openPage,
  recordingWav,
  rowNames,
  screenshot,
  signIn,
  takeUncaughtPageErrors,
} from './support/dashboard.js';
import { clinicCalls, heleneCote, type DemoCall } from './support/demo-calls.js';
import { api, deliverCall, signInToken, ZENITH_KEY, ZENITH_SPOKEN_FR } from './support/seed.js';
import { startServerAndBrowser, type RunningServer } from './support/server.js';
import { startRecordingUpstream, type RecordingUpstream } from '../test/helpers/recording-upstream.js';

/**
 * Working one call, in a real Chromium against the real server: the acceptance path (find
 * Mrs Côté by typing "cote", hear the recording, read the conversation, mark it done), the
 * conversation of a seeded call, status changes and summary edits that survive a reload.
 */

const CLINIC = 'Zenith Dental Center';

describe('working a call', () => {
  let server: RunningServer;
  let browser: Browser;
  let token: string;
  let clinicId: number;
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
  const cote = heleneCote(ZENITH_KEY, minutesAgo(50), ZENITH_SPOKEN_FR);
  /** Calls of this file's own, so that no test depends on what another one changed. */
  const statusCall: DemoCall = {
    ...clinicCalls(ZENITH_KEY, 1, new Date())[0]!,
    callId: 'e2e-working-status',
    firstName: 'Grace',
    lastName: 'Kowalski',
    phone: '+16475550128',
    reason: 'new_appointment',
    summary: 'Grace Kowalski would like a cleaning and check-up for herself and her daughter, ideally on the same morning.',
    detailedReason: 'Cleaning and check-up for two, same morning.',
    startedAt: minutesAgo(95),
    turns: [
      'Thank you for calling, this is Ava, the virtual receptionist. How can I help you today?',
      'Hi, it’s Grace Kowalski. I’d like a cleaning and check-up for me and my daughter, on the same morning if possible.',
      'Of course. I’ve noted two cleanings and check-ups, mornings. The front desk will call you back to confirm.',
      'Perfect, thank you!',
    ],
  };
  const summaryCall: DemoCall = {
    ...clinicCalls(ZENITH_KEY, 1, new Date())[0]!,
    callId: 'e2e-working-summary',
    firstName: 'Owen',
    lastName: 'Pelletier',
    phone: '+14165550174',
    reason: 'general_message',
    summary: 'Owen Pelletier asked whether the clinic accepts his new insurance plan and would like a call back.',
    detailedReason: 'Insurance question: is the new group plan accepted?',
    startedAt: minutesAgo(140),
    turns: [
      'Thank you for calling, this is Ava. How can I help?',
      'Hi, this is Owen Pelletier. I changed jobs and have new insurance. Do you take it?',
      'I’ll pass your question to the front desk; they will call you back today.',
      'Great, thank you.',
    ],
  };
  const ids: Record<string, number> = {};
  /** The voice provider's recording storage: a local server with byte ranges, holding a real WAV file as long as her call. */
  let storage: RecordingUpstream;
  const coteRecording = `/recordings/${cote.callId}-mono.wav`;

  before(async () => {
    // A slow link (64 KB/s, 18 s for her 1.1 MB): the player seeks before it has the whole file, as on a real network.
    storage = await startRecordingUpstream({ [coteRecording]: recordingWav(cote.durationSeconds) }, { bytesPerSecond: 64_000 });
    [server, browser] = await startServerAndBrowser();
    token = await signInToken(server.url, server.demo.email, server.demo.password);
    const me = await api<{ clinics: { id: number; name: string }[] }>(server.url, '/auth/me', { token });
    clinicId = me.clinics.find((c) => c.name === CLINIC)!.id;
    ids[cote.callId] = await deliverCall(server.url, server.vapiSecret, { ...cote, recordingUrl: storage.url(coteRecording) });
    for (const call of [statusCall, summaryCall]) ids[call.callId] = await deliverCall(server.url, server.vapiSecret, call);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await storage?.close();
  });

  afterEach(() => assert.deepEqual(takeUncaughtPageErrors(), []));

  /** Types into the search box and opens the call whose row shows `name`. */
  async function findAndOpen(page: Page, search: string, name: string) {
    await page.getByRole('searchbox', { name: 'Search calls' }).fill(search);
    await page.waitForURL((url) => url.searchParams.get('q') === search);
    const row = callRows(page).filter({ hasText: name });
    await row.click();
    const panel = detailPanel(page, name);
    await panel.getByRole('heading', { name: 'Summary' }).waitFor();
    return panel;
  }

  const statusButton = (page: Page, name: string, label: string) =>
    detailPanel(page, name).getByRole('group', { name: 'Status' }).getByRole('button', { name: label, exact: true });

  test('the acceptance path: sign in, type "cote", hear Mrs Côté’s recording, read what she said, mark it done', async () => {
    const { context, page } = await openPage(browser, server.url);
    try {
      // The page never talks to the provider's storage: every request it makes stays on our origin.
      const foreignRequests: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(server.url)) foreignRequests.push(request.url());
      });
      await signIn(page, server.demo, CLINIC);
      const panel = await findAndOpen(page, 'cote', 'Hélène Côté');
      assert.match(page.url(), new RegExp(`[?&]call=${ids[cote.callId]}(&|$)`));

      // Who she is and what she wants, at a glance.
      assert.match(await panel.innerText(), /\+1 514-555-0163/);
      assert.match(await panel.innerText(), /Reschedule/);
      await panel.getByText(cote.summary, { exact: true }).waitFor();
      await panel.getByText(cote.detailedReason, { exact: true }).waitFor();
      const facts = await panel.getByRole('definition').allInnerTexts();
      assert.ok(facts.includes('Afternoon') && facts.includes('Dre Julie Gagnon') && facts.includes('Existing patient'), facts.join(' | '));
      assert.ok(facts.includes('2 min 22 s'), facts.join(' | '));

      // The recording plays in the page, from a signed link on our own origin, not the provider's address.
      const player = panel.getByRole('region', { name: 'Recording' }).getByLabel('Recording', { exact: true });
      const src = (await player.getAttribute('src'))!;
      assert.match(src, new RegExp(`^/api/v1/call-logs/${ids[cote.callId]}/recording\\?expires=\\d+&user=\\d+&signature=[\\w-]+$`));
      // Nothing is fetched until she presses play (so opening a call is not a "play" in its trail).
      assert.equal(storage.requests.length, 0);
      const audio = (await player.elementHandle()) as ElementHandle<HTMLAudioElement>;
      // Play (the button at the player's left end), and the recording runs; the player knows how long she spoke.
      await player.click({ position: { x: 24, y: 20 } });
      await page.waitForFunction(
        ([element, seconds]) => !element.paused && element.currentTime > 0.3 && Math.abs(element.duration - seconds) < 0.01,
        [audio, cote.durationSeconds] as const,
      );
      assert.equal(await panel.getByText('The recording could not be played here.').count(), 0);
      // The server passed the player's byte ranges on, so the whole recording is seekable: jump near the end, and it plays from there.
      assert.ok(
        storage.requests.length > 0 && storage.requests.every((r) => r.range?.startsWith('bytes=')),
        JSON.stringify(storage.requests),
      );
      const seekableTo = await audio.evaluate((element) => (element.seekable.length === 1 ? element.seekable.end(0) : 0));
      assert.ok(Math.abs(seekableTo - cote.durationSeconds) < 0.01, `seekable to ${seekableTo} s`);
      await audio.evaluate((element) => (element.currentTime = 130));
      await page.waitForFunction((element) => !element.paused && element.currentTime > 130.3, audio);
      // It got there by asking for the bytes from 130 s on (8,000 a second after the 44-byte header), through our server.
      const seekRange = storage.requests.map((r) => Number(/^bytes=(\d+)-/.exec(r.range ?? '')?.[1])).find((from) => from > 0);
      assert.ok(seekRange !== undefined && seekRange >= 44 + 120 * 8000, JSON.stringify(storage.requests));
      await player.click({ position: { x: 24, y: 20 } });
      await page.waitForFunction((element) => element.paused, audio);
      assert.deepEqual(foreignRequests, []);

      // What she said, as a chat: the assistant and Mrs Côté in turn, each bubble with its time.
      const conversation = panel.getByRole('list', { name: 'Conversation' });
      const bubbles = conversation.getByRole('listitem');
      assert.equal(await bubbles.count(), cote.turns.length);
      const texts = await bubbles.allInnerTexts();
      cote.turns.forEach((turn, index) => {
        const speaker = index % 2 === 0 ? 'Assistant' : 'Caller';
        assert.ok(texts[index]!.includes(turn), `bubble ${index}: ${texts[index]}`);
        assert.match(
          texts[index]!,
          new RegExp(`${speaker}\\s*\\n?\\s*\\d\\d:\\d\\d`),
          `bubble ${index} shows who spoke and when: ${texts[index]}`,
        );
      });
      await conversation.getByText('Oui, un après-midi la semaine prochaine, si possible avec la Dre Gagnon.').waitFor();

      // The screenshot shows the player and the conversation, as a receptionist scrolls to them.
      await panel.getByRole('heading', { name: 'Recording' }).evaluate((heading) => {
        heading.scrollIntoView({ block: 'start' });
        window.scrollTo(0, 0); // only the panel scrolls; the page stays at the top
      });
      await screenshot(page, 'call-detail');

      // Done asks how the call ended; once answered, she leaves the calls to work (New + In progress)
      // and the panel moves on (she was the only match, so it closes).
      assert.equal(await statusButton(page, 'Hélène Côté', 'New').getAttribute('aria-pressed'), 'true');
      await statusButton(page, 'Hélène Côté', 'Done').click();
      await panel.getByRole('group', { name: 'How did it end?' }).getByRole('button', { name: 'Rescheduled' }).click();
      await page.getByRole('status').filter({ hasText: 'Hélène Côté: done, rescheduled' }).waitFor();
      await panel.waitFor({ state: 'detached' });
      // The search finds every status: her row stays, marked Done, once the server has confirmed.
      await callRows(page).filter({ hasText: 'Hélène Côté' }).filter({ hasText: /Done/ }).waitFor();

      // Still so after a reload, opened from a link.
      await page.goto(`${server.url}/?q=cote&status=all&call=${ids[cote.callId]}`);
      await statusButton(page, 'Hélène Côté', 'Done').waitFor();
      assert.equal(await statusButton(page, 'Hélène Côté', 'Done').getAttribute('aria-pressed'), 'true');
      assert.equal(await statusButton(page, 'Hélène Côté', 'New').getAttribute('aria-pressed'), 'false');
      assert.match(await detailPanel(page, 'Hélène Côté').innerText(), /Outcome: Rescheduled/);
      assert.equal(await page.getByRole('searchbox', { name: 'Search calls' }).inputValue(), 'cote');
    } finally {
      await context.close();
    }
  });

  test('a seeded call opened from the list shows its conversation bubbles; Esc closes it', async () => {
    const page1 = await api<{ items: { id: number; caller_first_name: string | null; caller_last_name: string | null }[] }>(
      server.url,
      `/call-logs/by-clinic/${clinicId}?status[]=New&status[]=In%20Progress&limit=20`,
      { token },
    );
    const seeded = page1.items.find((item) => item.caller_first_name && item.caller_last_name && !item.caller_last_name.includes('Côté'))!;
    const detail = await api<{ full_conversation_json: { role: string; message?: string }[]; summary: string }>(
      server.url,
      `/call-logs/${seeded.id}`,
      { token },
    );
    const spoken = detail.full_conversation_json.filter((m) => (m.role === 'bot' || m.role === 'user') && m.message?.trim());
    assert.ok(spoken.length >= 4);

    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, CLINIC);
      const name = displayedName(seeded);
      await callRows(page).filter({ hasText: name }).first().click();
      const panel = detailPanel(page, name);
      await panel.getByText(detail.summary, { exact: true }).waitFor();
      const bubbles = panel.getByRole('list', { name: 'Conversation' }).getByRole('listitem');
      assert.equal(await bubbles.count(), spoken.length);
      const texts = await bubbles.allInnerTexts();
      spoken.forEach((message, index) => {
        const speaker = message.role === 'bot' ? 'Assistant' : 'Caller';
        assert.ok(texts[index]!.includes(message.message!.trim()), `bubble ${index}: ${texts[index]}`);
        assert.match(texts[index]!, new RegExp(`${speaker}\\s*\\n?\\s*\\d\\d:\\d\\d`));
      });

      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached' });
      assert.doesNotMatch(page.url(), /call=/);
    } finally {
      await context.close();
    }
  });

  test('the keyboard alone: / searches ("514" finds the numbers with it), ↓ and Enter open a call, Esc closes it', async () => {
    const expected = await api<{ items: { caller_first_name: string | null; caller_last_name: string | null }[]; total: number }>(
      server.url,
      `/call-logs/by-clinic/${clinicId}?search=514&limit=20`,
      { token },
    );
    assert.ok(expected.total >= 2);
    const second = displayedName(expected.items[1]!);
    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, CLINIC);
      await page.keyboard.press('/');
      await page.keyboard.type('514');
      await page.waitForURL((url) => url.searchParams.get('q') === '514');
      await listSettled(page, { total: expected.total });
      assert.equal(await page.getByRole('searchbox', { name: 'Search calls' }).inputValue(), '514');
      assert.deepEqual(await rowNames(page), expected.items.map(displayedName));

      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      const panel = detailPanel(page, second);
      await panel.getByRole('heading', { name: 'Summary' }).waitFor();

      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached' });
      // Focus goes back to the row it came from (the focus ring shows it): Enter opens it again.
      const row = await callRows(page).nth(1).elementHandle();
      await page.waitForFunction((element) => document.activeElement === element, row);
      await page.keyboard.press('Enter');
      await panel.getByRole('heading', { name: 'Summary' }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('a status change shows at once, survives a reload, and a refused change rolls back with a message', async () => {
    const name = `${statusCall.firstName} ${statusCall.lastName}`;
    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, CLINIC);
      await findAndOpen(page, name, name);
      await listSettled(page, { total: 1 });
      assert.deepEqual(await rowNames(page), [name]);

      await statusButton(page, name, 'In progress').click();
      assert.equal(await statusButton(page, name, 'In progress').getAttribute('aria-pressed'), 'true');
      await callRows(page)
        .filter({ hasText: name })
        .filter({ hasText: /In progress$/ })
        .waitFor();

      await page.reload();
      await statusButton(page, name, 'In progress').waitFor();
      assert.equal(await statusButton(page, name, 'In progress').getAttribute('aria-pressed'), 'true');
      assert.match(await callRows(page).filter({ hasText: name }).innerText(), /In progress$/);

      // The server refuses the next change: the button goes back and the page says why.
      await page.route(`**/api/v1/call-logs/${ids[statusCall.callId]}`, (route) =>
        route.request().method() === 'PATCH'
          ? route.fulfill({
              status: 503,
              contentType: 'application/json',
              body: JSON.stringify({ detail: 'The database is busy. Try again in a moment.', error_key: 'SERVICE_UNAVAILABLE' }),
            })
          : route.fallback(),
      );
      await statusButton(page, name, 'Done').click();
      await detailPanel(page, name).getByRole('button', { name: 'Booked' }).click();
      const alert = detailPanel(page, name).getByRole('alert');
      await alert.waitFor();
      assert.equal(
        await alert.innerText(),
        'The status was not changed: it is back to “In progress”. Something went wrong on the server. Try again in a moment.',
      );
      assert.equal(await statusButton(page, name, 'In progress').getAttribute('aria-pressed'), 'true');
      assert.equal(await statusButton(page, name, 'Done').getAttribute('aria-pressed'), 'false');
      assert.match(await callRows(page).filter({ hasText: name }).innerText(), /In progress$/);

      // Accepted this time: Done with its outcome; the panel moves on (closed: no other call matches),
      // and the search, which looks in every status, still finds the call, marked Done.
      await page.unroute(`**/api/v1/call-logs/${ids[statusCall.callId]}`);
      await detailPanel(page, name).getByRole('button', { name: 'Booked' }).click();
      await detailPanel(page, name).waitFor({ state: 'detached' });
      await callRows(page).filter({ hasText: name }).filter({ hasText: /Done$/ }).waitFor();
      await listSettled(page, { total: 1 });
      const stored = await api<{ status: string; outcome: string }>(server.url, `/call-logs/${ids[statusCall.callId]}`, { token });
      assert.deepEqual([stored.status, stored.outcome], ['Done', 'Booked']);
    } finally {
      await context.close();
    }
  });

  test('the summary is edited in place and the new text is kept', async () => {
    const name = `${summaryCall.firstName} ${summaryCall.lastName}`;
    const edited = `${summaryCall.summary} Called back on Tuesday: booked for Friday 10:30 with Dr. Lin.`;
    const { context, page } = await openPage(browser, server.url);
    try {
      await signIn(page, server.demo, CLINIC);
      const panel = await findAndOpen(page, name, name);
      await panel.getByText(summaryCall.summary, { exact: true }).waitFor();

      // Cancel leaves it as it was.
      await panel.getByRole('button', { name: 'Edit summary' }).click();
      await panel.getByRole('textbox', { name: 'Summary' }).fill('Something else entirely');
      await panel.getByRole('button', { name: 'Cancel' }).click();
      await panel.getByText(summaryCall.summary, { exact: true }).waitFor();

      await panel.getByRole('button', { name: 'Edit summary' }).click();
      const box = panel.getByRole('textbox', { name: 'Summary' });
      assert.equal(await box.inputValue(), summaryCall.summary);
      await box.fill(edited);
      await panel.getByRole('button', { name: 'Save' }).click();
      await panel.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
      await panel.getByText(edited, { exact: true }).waitFor();
      assert.equal(await panel.getByRole('textbox', { name: 'Summary' }).count(), 0);

      await page.reload();
      await detailPanel(page, name).getByText(edited, { exact: true }).waitFor();
      assert.equal(await detailPanel(page, name).getByText(summaryCall.summary, { exact: true }).count(), 0);

      // Search reads the new summary too.
      await page.getByRole('searchbox', { name: 'Search calls' }).fill('booked friday');
      await listSettled(page, { total: 1 });
      assert.deepEqual(await rowNames(page), [name]);
    } finally {
      await context.close();
    }
  });
});
