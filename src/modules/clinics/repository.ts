import { sql } from 'kysely';
import { compiledQuery } from '../../db/compiled-query.js';
import type { Db } from '../../db/database.js';
import { nowStored } from '../../shared/datetime.js';

const CLINIC_COLUMNS = ['id', 'name', 'created_at', 'updated_at'] as const;

export function findClinic(db: Db, id: number) {
  return db.selectFrom('clinics').select(CLINIC_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/**
 * The clinic with the versions of its call logs' stripes (each moved by every write to its calls; see
 * migration 014), as `stripe:version` pairs in no order (`callLogVersion` in call-logs/page-cache.ts
 * reads them), and its time zone when it set one (the list's "due today" needs it). One round trip.
 */
export async function findClinicWithCallLogVersion(db: Db, id: number) {
  const [row] = await clinicWithCallLogVersion(db, id);
  return row;
}

const clinicWithCallLogVersion = compiledQuery('clinic-with-call-log-version', (db: Db, id: number) =>
  db
    .selectFrom('clinics')
    .leftJoin('clinic_work_settings', 'clinic_work_settings.clinic_id', 'clinics.id')
    .select(['clinics.id', 'clinics.name', 'clinics.created_at', 'clinics.updated_at'])
    .select((eb) =>
      eb
        .selectFrom('call_log_versions')
        .select(sql<string | null>`group_concat(concat(call_log_versions.stripe, ':', call_log_versions.version))`.as('versions'))
        .whereRef('call_log_versions.clinic_id', '=', 'clinics.id')
        .as('versions'),
    )
    .select('clinic_work_settings.time_zone')
    .where('clinics.id', '=', id),
);

/** `'all'` is an administrator's view. */
export function listClinics(db: Db, ids: number[] | 'all') {
  let query = db.selectFrom('clinics').select(CLINIC_COLUMNS).orderBy('name').orderBy('id');
  if (ids !== 'all') {
    if (ids.length === 0) return Promise.resolve([]);
    query = query.where('id', 'in', ids);
  }
  return query.execute();
}

export async function insertClinic(db: Db, name: string): Promise<number> {
  const now = nowStored();
  const result = await db.insertInto('clinics').values({ name, created_at: now, updated_at: now }).executeTakeFirstOrThrow();
  return Number(result.insertId);
}
