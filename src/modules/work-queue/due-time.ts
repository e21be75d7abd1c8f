import { PRIORITY_RANKS, type CallbackPreference, type NewCallLog, type PriorityRank } from '../../db/database.js';
import { toStoredDateTime, toWireDateTime } from '../../shared/datetime.js';
import { CALLBACK_WINDOWS, WEEKDAYS, type CallbackWindow, type TimeRange, type WorkSettings } from './settings.js';
import { addDays, instantAt, localDateOf, weekdayOf } from './zoned-time.js';

/** An emergency is due this long after the call ended, whatever the hour. */
export const URGENT_DUE_MS = 15 * 60 * 1000;

/** How far ahead an opening is looked for; a clinic closed for longer is "due at the call's end". */
const HORIZON_DAYS = 14;

export interface DueTimeInput {
  /** When the call ended (or started, when its end is unknown). */
  endedAt: Date;
  urgent: boolean;
  callbackPreference: CallbackPreference | null;
}

/**
 * When the clinic should call back, in the clinic's time zone:
 * - Urgent: the call's end + 15 minutes, day or night.
 * - "Morning" / "Afternoon" / "Evening": the preferred window on the first opening day at or after the
 *   call's end (the window cut to that day's opening hours; a day where they do not meet is skipped).
 *   A call that ends inside such a window is due at once (its end); one that ends before it, at the
 *   window's start; one that ends after it, at the window's start on the next day that has it.
 * - "Anytime" or no preference: the next opening time (the call's end when the clinic is open then).
 * - A preferred window the clinic never opens for falls back to the opening hours; a clinic closed
 *   for the next two weeks gives the call's end.
 */
export function dueTime(input: DueTimeInput, settings: WorkSettings): Date {
  const end = input.endedAt;
  if (input.urgent) return new Date(end.getTime() + URGENT_DUE_MS);
  const window = preferredWindow(input.callbackPreference);
  return (window && firstOpening(end, settings, settings.callback_windows[window])) ?? firstOpening(end, settings) ?? end;
}

function preferredWindow(preference: CallbackPreference | null): CallbackWindow | null {
  const name = preference?.toLowerCase();
  return CALLBACK_WINDOWS.find((window) => window === name) ?? null;
}

/** The first instant at or after `end` inside the opening hours (cut to `window` when given). */
function firstOpening(end: Date, settings: WorkSettings, window?: TimeRange): Date | null {
  const today = localDateOf(end, settings.time_zone);
  for (let offset = 0; offset < HORIZON_DAYS; offset++) {
    const date = addDays(today, offset);
    const hours = settings.opening_hours[WEEKDAYS[weekdayOf(date)]!];
    const range = hours && (window ? intersect(hours, window) : hours);
    if (!range) continue;
    const opens = instantAt(date, range.from, settings.time_zone);
    if (end < opens) return opens;
    if (end < instantAt(date, range.to, settings.time_zone)) return end;
  }
  return null;
}

/** "HH:MM" compares as text. */
function intersect(a: TimeRange, b: TimeRange): TimeRange | null {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to < b.to ? a.to : b.to;
  return from < to ? { from, to } : null;
}

/** A new call's priority and due time by the clinic's settings: what ingestion gives it. */
export function newCallWork(
  call: Pick<NewCallLog, 'reason_for_call' | 'call_started_at' | 'call_ended_at' | 'callback_preference'>,
  settings: WorkSettings,
): { priority: PriorityRank; callback_due_at: string } {
  const urgent = call.reason_for_call === 'EMERGENCY';
  const endedAt = new Date(toWireDateTime(call.call_ended_at ?? call.call_started_at));
  return {
    priority: urgent ? PRIORITY_RANKS.URGENT : PRIORITY_RANKS.NORMAL,
    callback_due_at: toStoredDateTime(dueTime({ endedAt, urgent, callbackPreference: call.callback_preference ?? null }, settings)),
  };
}
