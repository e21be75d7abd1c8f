/** Storage datetimes are UTC text `YYYY-MM-DD HH:MM:SS`; the wire carries ISO-8601 with `Z`. */
export function toWireDateTime(stored: string): string {
  return `${stored.slice(0, 10)}T${stored.slice(11, 19)}Z`;
}

export function toStoredDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export const nowStored = (): string => toStoredDateTime(new Date());
