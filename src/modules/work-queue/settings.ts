/** A clinic's working calendar, as the due-time rule reads it and the work-settings route shows it. */

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const CALLBACK_WINDOWS = ['morning', 'afternoon', 'evening'] as const;
export type CallbackWindow = (typeof CALLBACK_WINDOWS)[number];

/** Local wall-clock times "HH:MM", `from` before `to`, within one day. */
export interface TimeRange {
  from: string;
  to: string;
}

export interface WorkSettings {
  /** IANA zone, e.g. "Europe/Paris" */
  time_zone: string;
  /** Per weekday; null: closed all day. */
  opening_hours: Record<Weekday, TimeRange | null>;
  /** When "Morning", "Afternoon" and "Evening" callers want their call back ("Anytime" is the opening hours). */
  callback_windows: Record<CallbackWindow, TimeRange>;
  /** After "No Answer" or "Left Voicemail", the next attempt is due this many minutes later. */
  retry_minutes: number;
}

const weekday = { from: '08:30', to: '18:00' };

/** What a clinic that never changed its settings has. */
export const DEFAULT_WORK_SETTINGS: WorkSettings = {
  time_zone: 'Europe/Paris',
  opening_hours: {
    monday: weekday,
    tuesday: weekday,
    wednesday: weekday,
    thursday: weekday,
    friday: weekday,
    saturday: null,
    sunday: null,
  },
  callback_windows: {
    morning: { from: '08:30', to: '12:00' },
    afternoon: { from: '13:00', to: '17:00' },
    evening: { from: '17:00', to: '18:00' },
  },
  retry_minutes: 120,
};
