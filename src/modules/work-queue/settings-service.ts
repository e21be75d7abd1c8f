import type { Db } from '../../db/database.js';
import { toWireDateTime } from '../../shared/datetime.js';
import { ValidationError, type FieldError } from '../../shared/errors.js';
import { requireAdmin, type Principal } from '../auth/principal.js';
import { getVisibleClinic } from '../clinics/service.js';
import { findWorkSettings, saveWorkSettings } from './repository.js';
import type { WorkSettingsBody, WorkSettingsView } from './schemas.js';
import { CALLBACK_WINDOWS, WEEKDAYS, type TimeRange } from './settings.js';
import { isKnownTimeZone } from './zoned-time.js';

/** A clinic's work settings: every staff member of the clinic reads them (the due times follow them). */
export async function getWorkSettings(db: Db, principal: Principal, clinicId: number): Promise<WorkSettingsView> {
  await getVisibleClinic(db, principal, clinicId);
  const { updated_at, ...settings } = await findWorkSettings(db, clinicId);
  return { clinic_id: clinicId, ...settings, updated_at: updated_at === null ? null : toWireDateTime(updated_at) };
}

/** An administrator replaces them; calls already ingested keep their due time. */
export async function putWorkSettings(db: Db, principal: Principal, clinicId: number, body: WorkSettingsBody): Promise<WorkSettingsView> {
  requireAdmin(principal);
  await getVisibleClinic(db, principal, clinicId);
  validateSettings(body);
  await saveWorkSettings(db, clinicId, body);
  return getWorkSettings(db, principal, clinicId);
}

/** What the schema cannot say: a zone `Intl` knows, and every range ending after it starts. */
function validateSettings(body: WorkSettingsBody): void {
  const errors: FieldError[] = [];
  if (!isKnownTimeZone(body.time_zone)) errors.push({ loc: ['body', 'time_zone'], msg: 'must be an IANA time zone, e.g. Europe/Paris' });
  const checkRange = (range: TimeRange | null, loc: string[]) => {
    if (range && range.from >= range.to) errors.push({ loc: ['body', ...loc], msg: 'must end after it starts' });
  };
  for (const day of WEEKDAYS) checkRange(body.opening_hours[day], ['opening_hours', day]);
  for (const window of CALLBACK_WINDOWS) checkRange(body.callback_windows[window], ['callback_windows', window]);
  if (errors.length > 0) throw new ValidationError(errors);
}
