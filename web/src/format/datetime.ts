import type { Messages } from '../i18n/en.js';

/*
 * Call times are shown in the clinic's local time. Clinics have no time-zone column yet, so the
 * browser's time zone stands in for it: the front desk's computer sits in the clinic.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** Midnight at the start of `date`'s local day. */
export function startOfLocalDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

export function addLocalDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

const timeOptions: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

export function formatTime(value: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, timeOptions).format(value);
}

/** "Today 09:30", "Yesterday 18:02", "3 Nov, 14:10", "3 Nov 2024" — the list's "Received" column. */
export function formatCallTime(iso: string, locale: string, t: Messages, now: Date = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return t.unknown;
  const dayDiff = Math.round((startOfLocalDay(now).getTime() - startOfLocalDay(at).getTime()) / DAY_MS);
  const time = formatTime(at, locale);
  if (dayDiff === 0) return t.todayAt(time);
  if (dayDiff === 1) return t.yesterdayAt(time);
  if (at.getFullYear() === now.getFullYear()) {
    const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(at);
    return `${day}, ${time}`;
  }
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(at);
}

/** The full date and time, for the detail panel and tooltips. */
export function formatFullDateTime(iso: string, locale: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', hourCycle: 'h23' }).format(at);
}

/** "4 min 05 s" / "45 s" (the same in English and French). */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(total / 60);
  const rest = total % 60;
  if (minutes === 0) return `${rest} s`;
  return `${minutes} min ${String(rest).padStart(2, '0')} s`;
}

/** "0:09" from the start of the call, for conversations without clock times. */
export function formatOffset(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** `yyyy-mm-dd` of a local day, as `<input type="date">` uses. */
export function toDateInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight of a `yyyy-mm-dd` day, or null when the text is not a real date. */
export function fromDateInputValue(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day ? date : null;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * A length of time as the front desk says it: "25 min" under an hour, "5 h" under two days, then
 * "3 days" (rounded down: "waiting 1 h" is not yet two hours).
 */
export function formatSpan(ms: number, t: Messages): string {
  const abs = Math.abs(ms);
  if (abs < HOUR_MS) return t.row.minutes(Math.max(1, Math.floor(abs / MINUTE_MS)));
  if (abs < 48 * HOUR_MS) return t.row.hours(Math.floor(abs / HOUR_MS));
  return t.row.days(Math.floor(abs / DAY_MS));
}

/** "Due in 2 h", "Overdue by 3 h", "Due now" (within the minute). */
export function formatDue(dueIso: string, t: Messages, now: Date): string {
  const ms = new Date(dueIso).getTime() - now.getTime();
  if (Math.abs(ms) < MINUTE_MS) return t.row.dueNow;
  return ms > 0 ? t.row.dueIn(formatSpan(ms, t)) : t.row.overdueBy(formatSpan(ms, t));
}
