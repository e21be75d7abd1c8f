import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database.js';
import { nowStored } from '../../src/shared/datetime.js';
import { hashPassword } from '../../src/modules/auth/password.js';
import { insertClinic } from '../../src/modules/clinics/repository.js';
import { insertRoute } from '../../src/modules/clinic-routes/repository.js';
import { addMemberships, insertUser } from '../../src/modules/users/repository.js';
import { newCallWork } from '../../src/modules/work-queue/due-time.js';
import { setIngestedWork } from '../../src/modules/work-queue/repository.js';
import { DEFAULT_WORK_SETTINGS } from '../../src/modules/work-queue/settings.js';
import { createCallLogGenerator } from './call-log-generator.js';

/** The demo's clinic and the account that signs in to it, as the start-up banner prints them. */
export interface DemoAccount {
  clinic: string;
  email: string;
  password: string;
}

const DEMO_CLINIC = 'Zenith Dental Center';
const DEMO_STAFF = { email: 'frontdesk@zenith-dental.example', password: 'zenicall-demo' };
const DEMO_CALLS = 150;

/**
 * A first run on an empty database gets a clinic worth looking at: a front-desk account and a month
 * of realistic calls. The clinic keys of the Vapi fixtures (test/fixtures/vapi) route to it, so
 * `zenicall simulate` shows new calls arriving in the demo. Does nothing once any clinic exists.
 */
export async function seedDemoIfEmpty(db: Kysely<Database>): Promise<DemoAccount | null> {
  const existing = await db.selectFrom('clinics').select('id').limit(1).executeTakeFirst();
  if (existing) return null;
  const passwordHash = await hashPassword(DEMO_STAFF.password);
  await db.transaction().execute(async (trx) => {
    const clinicId = await insertClinic(trx, DEMO_CLINIC);
    const userId = await insertUser(trx, {
      email: DEMO_STAFF.email,
      password_hash: passwordHash,
      full_name: 'Front Desk',
      role: 'staff',
    });
    await addMemberships(trx, userId, [clinicId]);
    for (const key of ['zenith-dental-center', 'maple-grove-dental', 'clinique-plateau']) {
      await insertRoute(trx, clinicId, 'clinic_key', key);
    }
    const generator = createCallLogGenerator({
      seed: 20261124,
      now: new Date(),
      spanDays: 30,
      statusMix: 'demo',
      count: DEMO_CALLS,
      clinicName: DEMO_CLINIC,
    });
    const now = nowStored();
    const rows = Array.from({ length: DEMO_CALLS }, (_, index) => ({
      ...generator.next(index),
      clinic_id: clinicId,
      created_at: now,
      updated_at: null,
    }));
    for (let start = 0; start < rows.length; start += 50) {
      await trx
        .insertInto('call_logs')
        .values(rows.slice(start, start + 50))
        .execute();
    }
    await scheduleOpenCalls(trx, clinicId);
  });
  return { clinic: DEMO_CLINIC, ...DEMO_STAFF };
}

/**
 * The demo's open calls get the due times ingestion would have given them (the rows were inserted
 * directly, so the triggers only made their work rows): the work queue's Overdue and Due views have
 * something to show on a first run.
 */
async function scheduleOpenCalls(db: Kysely<Database>, clinicId: number): Promise<void> {
  const open = await db
    .selectFrom('call_logs')
    .select(['id', 'call_started_at', 'call_ended_at', 'reason_for_call', 'callback_preference'])
    .where('clinic_id', '=', clinicId)
    .where('status', 'in', ['NEW', 'IN_PROGRESS'])
    .execute();
  for (const call of open) {
    await setIngestedWork(db, call.id, newCallWork(call, DEFAULT_WORK_SETTINGS));
  }
}
