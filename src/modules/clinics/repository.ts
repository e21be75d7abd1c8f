import type { Db } from '../../db/database.js';
import { nowStored } from '../../shared/datetime.js';

const CLINIC_COLUMNS = ['id', 'name', 'created_at', 'updated_at'] as const;

export function findClinic(db: Db, id: number) {
  return db.selectFrom('clinics').select(CLINIC_COLUMNS).where('id', '=', id).executeTakeFirst();
}

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
