import { useEffect, useState } from 'react';
import type { Messages } from '../../i18n/en.js';

const MINUTE_MS = 60_000;

/**
 * A span the way the front desk says it: "5 min", "2 h 10 min", "3 d 4 h" (two units at most, rounded
 * to the minute; under a minute counts as one, so "due in 0 min" never shows).
 */
export function formatSpan(ms: number, units: Messages['spanUnits']): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / MINUTE_MS));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} ${units.day} ${hours} ${units.hour}` : `${days} ${units.day}`;
  if (hours > 0) return rest > 0 ? `${hours} ${units.hour} ${rest} ${units.minute}` : `${hours} ${units.hour}`;
  return `${rest} ${units.minute}`;
}

/** "Due in 25 min" / "Overdue by 2 h": an open call's due time against now; null when none is due. */
export function describeDue(dueAt: string | null, now: number, t: Messages): { text: string; overdue: boolean } | null {
  if (!dueAt) return null;
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return null;
  const overdue = due <= now;
  const span = formatSpan(due - now, t.spanUnits);
  return { text: overdue ? t.overdueBy(span) : t.dueIn(span), overdue };
}

/** The current time, moving on every half minute: "due in 3 min" becomes "overdue" on its own. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
