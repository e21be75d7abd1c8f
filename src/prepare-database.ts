import type { Kysely } from 'kysely';
import type { Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { ensureAdmin } from './modules/users/ensure-admin.js';
import type { DemoAccount } from '../tools/demo/seed-demo.js';

export type { DemoAccount };

export interface PrepareOptions {
  /** The administrator to create if missing (ZENICALL_ADMIN_EMAIL); none when absent. */
  admin?: { email: string; password: string };
  /** Seed the demo clinic when the database has none (the server's first run outside production). */
  demoData?: boolean;
}

/**
 * What a database needs before Zenicall serves from it: the schema brought up to date, then the
 * configured administrator, then (when asked) the demo. The server runs it once in the primary, the
 * app factory for the tests, the CLI before each command.
 *
 * The demo generator (tools/demo, ~1,500 lines of fake calls) is imported only when demo data is on,
 * so a production process never loads it.
 */
export async function prepareDatabase(db: Kysely<Database>, options: PrepareOptions = {}): Promise<DemoAccount | null> {
  await migrateToLatest(db);
  if (options.admin) await ensureAdmin(db, options.admin);
  if (!options.demoData) return null;
  const { seedDemoIfEmpty } = await import('../tools/demo/seed-demo.js');
  return seedDemoIfEmpty(db);
}
