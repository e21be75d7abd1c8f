import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';
import { MYSQL_WORK_INSERT_TRIGGER, mysqlUpsertWorkRow } from './2026-12-04-010-work-queue.js';

/**
 * MariaDB: an ingested call's work row is born with its due time, and its `created` trail entry is
 * written by the same trigger, instead of ingestion updating the row and inserting the entry after the
 * call's insert. The due time needs the clinic's opening hours and time zone (work-queue/due-time.ts),
 * so ingestion works it out and hands it over in session variables set just before the insert
 * (webhooks/new-call.ts). The UPDATE it replaces rewrote three of the work row's secondary indexes and
 * fired its version trigger; with the INSERT it was about a quarter of what a report cost
 * (docs/performance.md).
 *
 * The variables are used only by the insert of the call they name (`@zc_new_call` holds its external
 * id, unique among calls) and the trigger clears that name once used, so a value left on a pooled
 * connection never reaches another call. Any other insert (another program, a test) gets the row as
 * migration 010 made it: priority from the reason, no due time, no trail entry.
 *
 * SQLite runs in-process, where the two statements cost no round trip: it keeps them.
 */
export const NEW_CALL_VARIABLES = {
  externalCallId: '@zc_new_call',
  dueAt: '@zc_new_call_due_at',
  /** The trail entry's time and author. */
  at: '@zc_new_call_at',
  actor: '@zc_new_call_actor',
} as const;

const handoff = NEW_CALL_VARIABLES;

const handedOver = `${mysqlUpsertWorkRow(handoff.dueAt)};
    INSERT INTO call_log_activity (call_log_id, clinic_id, at, actor_user_id, actor_name, action)
      VALUES (NEW.id, NEW.clinic_id, ${handoff.at}, NULL, ${handoff.actor}, 'created');`;

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'mysql') return;
  // Bytes compared: a variable carries the collation of the connection that set it.
  await sql
    .raw(
      `CREATE OR REPLACE TRIGGER ${MYSQL_WORK_INSERT_TRIGGER} BEGIN
      IF BINARY NEW.external_call_id = BINARY ${handoff.externalCallId} THEN
        SET ${handoff.externalCallId} = NULL;
        ${handedOver}
      ELSE
        ${mysqlUpsertWorkRow()};
      END IF;
    END`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'mysql') return;
  await sql.raw(`CREATE OR REPLACE TRIGGER ${MYSQL_WORK_INSERT_TRIGGER} ${mysqlUpsertWorkRow()}`).execute(db);
}
