import type { ClinicRow } from '../../db/database.js';
import { toWireDateTime } from '../../shared/datetime.js';
import type { Clinic } from './schemas.js';

export const toClinic = (row: Pick<ClinicRow, 'id' | 'name' | 'created_at' | 'updated_at'>): Clinic => ({
  id: row.id,
  name: row.name,
  created_at: row.created_at ? toWireDateTime(row.created_at) : null,
  updated_at: row.updated_at ? toWireDateTime(row.updated_at) : null,
});
