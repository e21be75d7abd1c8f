import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dueTime, type DueTimeInput } from '../src/modules/work-queue/due-time.js';
import { DEFAULT_WORK_SETTINGS, type WorkSettings } from '../src/modules/work-queue/settings.js';
import { instantAt, startOfNextDay } from '../src/modules/work-queue/zoned-time.js';

/**
 * The due-time rule (README, "The work queue"): a pure function of the call's end, its urgency and
 * callback preference, and the clinic's calendar. Dates: 2026-12-04 is a Friday; Europe's clocks went
 * back on Sunday 2026-10-25 and go forward on Sunday 2027-03-28; New York's went forward on Sunday
 * 2026-03-08 and back on Sunday 2026-11-01.
 */
const paris = DEFAULT_WORK_SETTINGS;
const newYork: WorkSettings = { ...DEFAULT_WORK_SETTINGS, time_zone: 'America/New_York' };
const openSundays = (settings: WorkSettings, from: string, to: string): WorkSettings => ({
  ...settings,
  opening_hours: { ...settings.opening_hours, sunday: { from, to } },
});

const due = (endedAt: string, settings: WorkSettings, input: Partial<Omit<DueTimeInput, 'endedAt'>> = {}) =>
  dueTime({ endedAt: new Date(endedAt), urgent: false, callbackPreference: null, ...input }, settings).toISOString();

describe('Due time', () => {
  test('Urgent: 15 minutes after the call ends, at night and on a Sunday too', () => {
    assert.equal(due('2026-12-06T02:10:00.000Z', paris, { urgent: true, callbackPreference: 'MORNING' }), '2026-12-06T02:25:00.000Z');
    assert.equal(due('2026-12-07T09:00:00.000Z', paris, { urgent: true }), '2026-12-07T09:15:00.000Z');
  });

  test('a call ending inside the preferred window is due at once', () => {
    // Monday 10:00 in Paris (UTC+1).
    assert.equal(due('2026-12-07T09:00:00.000Z', paris, { callbackPreference: 'MORNING' }), '2026-12-07T09:00:00.000Z');
  });

  test('before the window: its start the same day; after it: its start the next opening day', () => {
    // Monday 07:00 → 08:30; Monday 12:30 → Tuesday 08:30.
    assert.equal(due('2026-12-07T06:00:00.000Z', paris, { callbackPreference: 'MORNING' }), '2026-12-07T07:30:00.000Z');
    assert.equal(due('2026-12-07T11:30:00.000Z', paris, { callbackPreference: 'MORNING' }), '2026-12-08T07:30:00.000Z');
    // Monday 12:30 wanting the afternoon → 13:00; the evening → 17:00.
    assert.equal(due('2026-12-07T11:30:00.000Z', paris, { callbackPreference: 'AFTERNOON' }), '2026-12-07T12:00:00.000Z');
    assert.equal(due('2026-12-07T11:30:00.000Z', paris, { callbackPreference: 'EVENING' }), '2026-12-07T16:00:00.000Z');
  });

  test('after hours and over the weekend: the next opening day', () => {
    // Friday 19:00 with no preference, or Anytime → Monday 08:30.
    assert.equal(due('2026-12-04T18:00:00.000Z', paris), '2026-12-07T07:30:00.000Z');
    assert.equal(due('2026-12-04T18:00:00.000Z', paris, { callbackPreference: 'ANYTIME' }), '2026-12-07T07:30:00.000Z');
    // Saturday 10:00 wanting the afternoon → Monday 13:00.
    assert.equal(due('2026-12-05T09:00:00.000Z', paris, { callbackPreference: 'AFTERNOON' }), '2026-12-07T12:00:00.000Z');
    // During opening hours with no preference: at once.
    assert.equal(due('2026-12-04T15:00:00.000Z', paris), '2026-12-04T15:00:00.000Z');
  });

  test('a day whose hours miss the window is skipped; a window the clinic never opens for falls back to the hours', () => {
    const saturdayMornings: WorkSettings = {
      ...paris,
      opening_hours: { ...paris.opening_hours, saturday: { from: '09:00', to: '12:00' } },
    };
    // Friday 18:30 wanting the afternoon: Saturday has no afternoon → Monday 13:00.
    assert.equal(due('2026-12-04T17:30:00.000Z', saturdayMornings, { callbackPreference: 'AFTERNOON' }), '2026-12-07T12:00:00.000Z');
    // …but wanting the morning: Saturday 09:00.
    assert.equal(due('2026-12-04T17:30:00.000Z', saturdayMornings, { callbackPreference: 'MORNING' }), '2026-12-05T08:00:00.000Z');
    const lateEvening: WorkSettings = {
      ...paris,
      callback_windows: { ...paris.callback_windows, evening: { from: '19:00', to: '20:00' } },
    };
    assert.equal(due('2026-12-04T18:00:00.000Z', lateEvening, { callbackPreference: 'EVENING' }), '2026-12-07T07:30:00.000Z');
  });

  test('a clinic closed for two weeks: due when the call ended', () => {
    const closed: WorkSettings = {
      ...paris,
      opening_hours: { monday: null, tuesday: null, wednesday: null, thursday: null, friday: null, saturday: null, sunday: null },
    };
    assert.equal(due('2026-12-04T18:00:00.000Z', closed, { callbackPreference: 'MORNING' }), '2026-12-04T18:00:00.000Z');
  });

  test('Paris, across the change to summer time: Monday 08:30 is 06:30 UTC', () => {
    // Saturday 2027-03-27 20:00 (UTC+1) → Monday 2027-03-29 08:30 (UTC+2).
    assert.equal(due('2027-03-27T19:00:00.000Z', paris, { callbackPreference: 'MORNING' }), '2027-03-29T06:30:00.000Z');
  });

  test('Paris, on the change days themselves', () => {
    // Spring: 02:30 never happens on 2027-03-28; a clinic opening then opens at 03:30 summer time (01:30 UTC).
    assert.equal(due('2027-03-27T23:30:00.000Z', openSundays(paris, '02:30', '06:00')), '2027-03-28T01:30:00.000Z');
    // Autumn: 02:30 happens twice on 2026-10-25; the first one counts (00:30 UTC, still summer time).
    assert.equal(due('2026-10-24T22:00:00.000Z', openSundays(paris, '02:30', '06:00')), '2026-10-25T00:30:00.000Z');
    // Later that day, winter time: 08:30 is 07:30 UTC.
    assert.equal(due('2026-10-25T05:00:00.000Z', openSundays(paris, '08:30', '12:00')), '2026-10-25T07:30:00.000Z');
  });

  test('New York, across and on its change days', () => {
    // Friday 2026-10-30 18:30 EDT (UTC-4) wanting the morning → Monday 2026-11-02 08:30 EST (UTC-5).
    assert.equal(due('2026-10-30T22:30:00.000Z', newYork, { callbackPreference: 'MORNING' }), '2026-11-02T13:30:00.000Z');
    // Sunday 2026-03-08: 02:00 never happens → opens 03:00 EDT (07:00 UTC).
    assert.equal(due('2026-03-08T06:00:00.000Z', openSundays(newYork, '02:00', '10:00')), '2026-03-08T07:00:00.000Z');
    // Sunday 2026-11-01: 01:30 happens twice → the first, EDT (05:30 UTC).
    assert.equal(due('2026-11-01T04:00:00.000Z', openSundays(newYork, '01:30', '10:00')), '2026-11-01T05:30:00.000Z');
    // A call ending inside the Sunday hours after the change is due at once.
    assert.equal(due('2026-11-01T14:00:00.000Z', openSundays(newYork, '01:30', '10:00')), '2026-11-01T14:00:00.000Z');
  });

  test('the end of "today" in the clinic zone', () => {
    assert.equal(startOfNextDay(new Date('2026-12-04T22:59:59Z'), 'Europe/Paris').toISOString(), '2026-12-04T23:00:00.000Z');
    assert.equal(startOfNextDay(new Date('2026-12-04T23:00:00Z'), 'Europe/Paris').toISOString(), '2026-12-05T23:00:00.000Z');
    // The day clocks go back lasts 25 hours.
    assert.equal(startOfNextDay(new Date('2026-10-25T12:00:00Z'), 'Europe/Paris').toISOString(), '2026-10-25T23:00:00.000Z');
    assert.equal(instantAt({ year: 2026, month: 11, day: 1 }, '00:00', 'America/New_York').toISOString(), '2026-11-01T04:00:00.000Z');
  });
});
