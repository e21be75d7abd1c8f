import type { ClinicRow, Db, RouteType } from '../../db/database.js';
import { nowStored } from '../../shared/datetime.js';
import { callerCallsWithNewCall } from '../caller-history/repository.js';
import { workSettingsOf } from '../work-queue/repository.js';
import type { WorkSettings } from '../work-queue/settings.js';

const ROUTE_COLUMNS = ['id', 'clinic_id', 'type', 'value'] as const;

export function listRoutes(db: Db, clinicId: number) {
  return db.selectFrom('clinic_routes').select(ROUTE_COLUMNS).where('clinic_id', '=', clinicId).orderBy('id').execute();
}

export function findRoute(db: Db, clinicId: number, routeId: number) {
  return db
    .selectFrom('clinic_routes')
    .select(ROUTE_COLUMNS)
    .where('clinic_id', '=', clinicId)
    .where('id', '=', routeId)
    .executeTakeFirst();
}

export async function insertRoute(db: Db, clinicId: number, type: RouteType, value: string): Promise<number> {
  const result = await db
    .insertInto('clinic_routes')
    .values({ clinic_id: clinicId, type, value, created_at: nowStored() })
    .executeTakeFirstOrThrow();
  return Number(result.insertId);
}

export async function deleteRoute(db: Db, routeId: number): Promise<void> {
  await db.deleteFrom('clinic_routes').where('id', '=', routeId).execute();
}

/**
 * The clinic of the first candidate that has a route, in the candidates' order, with the work settings
 * ingestion schedules a new call by and the count a new call from `callerPhone` brings its caller to:
 * one query for all (a report is one transaction of few statements).
 */
export async function resolveClinic(
  db: Db,
  candidates: { type: RouteType; value: string }[],
  callerPhone: string,
): Promise<{ clinic: ClinicRow; workSettings: WorkSettings; callerCallsWithNewCall: number } | null> {
  if (candidates.length === 0) return null;
  const rows = await db
    .selectFrom('clinic_routes')
    .innerJoin('clinics', 'clinics.id', 'clinic_routes.clinic_id')
    .leftJoin('clinic_work_settings as settings', 'settings.clinic_id', 'clinics.id')
    .select(['clinic_routes.type', 'clinic_routes.value', 'clinics.id', 'clinics.name', 'clinics.created_at', 'clinics.updated_at'])
    .select(['settings.time_zone', 'settings.opening_hours', 'settings.callback_windows', 'settings.retry_minutes'])
    .select(callerCallsWithNewCall('clinics.id', callerPhone).as('caller_calls'))
    .where((eb) => eb.or(candidates.map((c) => eb.and([eb('clinic_routes.type', '=', c.type), eb('clinic_routes.value', '=', c.value)]))))
    .execute();
  for (const candidate of candidates) {
    const match = rows.find((row) => row.type === candidate.type && row.value === candidate.value);
    if (match) {
      const clinic = { id: match.id, name: match.name, created_at: match.created_at, updated_at: match.updated_at };
      return { clinic, workSettings: workSettingsOf(match), callerCallsWithNewCall: Number(match.caller_calls) };
    }
  }
  return null;
}
