import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * The user's own tables. On MariaDB `call_logs` is the seed DDL verbatim; `IF NOT EXISTS` adopts a
 * production database that already has both tables, leaving its rows and any extra `clinics` columns alone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'mysql') {
    await sql`
      CREATE TABLE IF NOT EXISTS clinics (
        id int(11) NOT NULL AUTO_INCREMENT,
        name varchar(255) NOT NULL,
        created_at datetime DEFAULT current_timestamp(),
        updated_at datetime DEFAULT NULL,
        PRIMARY KEY (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
    await sql`
      CREATE TABLE IF NOT EXISTS call_logs (
        id int(11) NOT NULL AUTO_INCREMENT,
        clinic_id int(11) NOT NULL,
        external_call_id varchar(255) NOT NULL,
        caller_first_name varchar(255) DEFAULT NULL,
        caller_last_name varchar(255) DEFAULT NULL,
        caller_phone_number varchar(30) NOT NULL,
        is_existing_patient tinyint(1) DEFAULT NULL,
        call_started_at datetime NOT NULL,
        call_ended_at datetime DEFAULT NULL,
        call_duration_seconds float DEFAULT NULL,
        reason_for_call enum('NEW_APPOINTMENT','CANCELLATION','RESCHEDULE','GENERAL_MESSAGE','EMERGENCY','OTHER') DEFAULT NULL,
        callback_preference enum('MORNING','AFTERNOON','EVENING','ANYTIME') DEFAULT NULL,
        summary text DEFAULT NULL,
        detailed_reason text DEFAULT NULL,
        preferred_dentist varchar(255) DEFAULT NULL,
        full_conversation_json longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(full_conversation_json)),
        raw_structured_data longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(raw_structured_data)),
        transcript_text text DEFAULT NULL,
        audio_recording_url varchar(2048) DEFAULT NULL,
        cost decimal(10,5) DEFAULT NULL,
        ended_reason varchar(100) DEFAULT NULL,
        status enum('NEW','IN_PROGRESS','DONE','ARCHIVED') NOT NULL,
        created_at datetime DEFAULT current_timestamp(),
        updated_at datetime DEFAULT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY ix_call_logs_external_call_id (external_call_id),
        KEY ix_call_logs_caller_phone_number (caller_phone_number),
        KEY ix_call_logs_clinic_id (clinic_id),
        KEY ix_call_logs_id (id),
        KEY ix_call_logs_reason_for_call (reason_for_call),
        KEY ix_call_logs_status (status),
        CONSTRAINT call_logs_ibfk_1 FOREIGN KEY (clinic_id) REFERENCES clinics (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
    return;
  }

  await sql`
    CREATE TABLE IF NOT EXISTS clinics (
      id integer PRIMARY KEY AUTOINCREMENT,
      name varchar(255) NOT NULL,
      created_at datetime DEFAULT CURRENT_TIMESTAMP,
      updated_at datetime DEFAULT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS call_logs (
      id integer PRIMARY KEY AUTOINCREMENT,
      clinic_id integer NOT NULL REFERENCES clinics (id),
      external_call_id varchar(255) NOT NULL,
      caller_first_name varchar(255) DEFAULT NULL,
      caller_last_name varchar(255) DEFAULT NULL,
      caller_phone_number varchar(30) NOT NULL,
      is_existing_patient integer DEFAULT NULL CHECK (is_existing_patient IN (0, 1)),
      call_started_at datetime NOT NULL,
      call_ended_at datetime DEFAULT NULL,
      call_duration_seconds real DEFAULT NULL,
      reason_for_call text DEFAULT NULL
        CHECK (reason_for_call IN ('NEW_APPOINTMENT','CANCELLATION','RESCHEDULE','GENERAL_MESSAGE','EMERGENCY','OTHER')),
      callback_preference text DEFAULT NULL CHECK (callback_preference IN ('MORNING','AFTERNOON','EVENING','ANYTIME')),
      summary text DEFAULT NULL,
      detailed_reason text DEFAULT NULL,
      preferred_dentist varchar(255) DEFAULT NULL,
      full_conversation_json text DEFAULT NULL CHECK (json_valid(full_conversation_json)),
      raw_structured_data text DEFAULT NULL CHECK (json_valid(raw_structured_data)),
      transcript_text text DEFAULT NULL,
      audio_recording_url varchar(2048) DEFAULT NULL,
      cost numeric(10, 5) DEFAULT NULL,
      ended_reason varchar(100) DEFAULT NULL,
      status text NOT NULL CHECK (status IN ('NEW','IN_PROGRESS','DONE','ARCHIVED')),
      created_at datetime DEFAULT CURRENT_TIMESTAMP,
      updated_at datetime DEFAULT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX IF NOT EXISTS ix_call_logs_external_call_id ON call_logs (external_call_id)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS ix_call_logs_caller_phone_number ON call_logs (caller_phone_number)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS ix_call_logs_clinic_id ON call_logs (clinic_id)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS ix_call_logs_reason_for_call ON call_logs (reason_for_call)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS ix_call_logs_status ON call_logs (status)`.execute(db);
}

export async function down(): Promise<void> {
  // The user's production tables are never dropped by a migration.
}
