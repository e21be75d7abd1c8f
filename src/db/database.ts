import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';

/**
 * Storage types: what the tables hold, identical on SQLite and MariaDB.
 * Datetimes travel as UTC text `YYYY-MM-DD HH:MM:SS` in both dialects (mysql2 runs with
 * `dateStrings`), so no driver ever applies the host's time zone.
 * The wire shapes live in each module's `schemas.ts`; `call-logs/mapper.ts` joins the two.
 */
export type UtcDateTime = string;

/**
 * Text a JSON column holds: valid JSON, since both databases keep these columns under
 * `CHECK (json_valid(…))`. Any string may be written (the check refuses what is not JSON); what is
 * read back is known to be JSON, so it can be sent on without parsing (call-logs/detail-serializer.ts).
 */
export type JsonText = string & { readonly __jsonText: unique symbol };
type JsonColumn = ColumnType<JsonText | null, string | null | undefined, string | null>;

export const CALL_STATUSES = ['NEW', 'IN_PROGRESS', 'DONE', 'ARCHIVED'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const CALL_REASONS = ['NEW_APPOINTMENT', 'CANCELLATION', 'RESCHEDULE', 'GENERAL_MESSAGE', 'EMERGENCY', 'OTHER'] as const;
export type CallReason = (typeof CALL_REASONS)[number];

export const CALLBACK_PREFERENCES = ['MORNING', 'AFTERNOON', 'EVENING', 'ANYTIME'] as const;
export type CallbackPreference = (typeof CALLBACK_PREFERENCES)[number];

export const USER_ROLES = ['admin', 'staff'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** The user's own table; other programs may add columns to it. */
export interface ClinicsTable {
  id: Generated<number>;
  name: string;
  created_at: ColumnType<UtcDateTime | null, UtcDateTime | undefined, UtcDateTime | null>;
  updated_at: ColumnType<UtcDateTime | null, UtcDateTime | null | undefined, UtcDateTime | null>;
}

/** The user's own table, exactly as the seed DDL defines it. */
export interface CallLogsTable {
  id: Generated<number>;
  clinic_id: number;
  external_call_id: string;
  caller_first_name: string | null;
  caller_last_name: string | null;
  caller_phone_number: string;
  /** tinyint(1): 1, 0 or NULL */
  is_existing_patient: number | null;
  call_started_at: UtcDateTime;
  call_ended_at: UtcDateTime | null;
  call_duration_seconds: number | null;
  reason_for_call: CallReason | null;
  callback_preference: CallbackPreference | null;
  summary: string | null;
  detailed_reason: string | null;
  preferred_dentist: string | null;
  full_conversation_json: JsonColumn;
  raw_structured_data: JsonColumn;
  transcript_text: string | null;
  audio_recording_url: string | null;
  /** DECIMAL(10,5): MariaDB hands it back as exact text, SQLite as a number (a `CallLogRow` has one form, see column-forms.ts). */
  cost: ColumnType<string | number | null, string | null, string | null>;
  ended_reason: string | null;
  status: CallStatus;
  created_at: ColumnType<UtcDateTime | null, UtcDateTime | undefined, UtcDateTime | null>;
  updated_at: UtcDateTime | null;
}

/**
 * What one bounded column holds: VARCHAR(chars), TEXT's bytes, DECIMAL(precision, scale), a FLOAT's
 * largest magnitude, a DATETIME's years, or JSON text (under `CHECK (json_valid(…))`) with its
 * deepest nesting and the size we allow it.
 */
export type ColumnLimit =
  | { chars: number }
  | { bytes: number }
  | { precision: number; scale: number }
  | { maxMagnitude: number }
  | { minYear: number; maxYear: number }
  | { jsonDepth: number; bytes: number };

/** MariaDB's DATETIME range. */
const DATETIME = { minYear: 1000, maxYear: 9999 } as const;

/**
 * The bounded columns of `call_logs`, declared once: ingestion fits every value to them before a
 * write (webhooks/parsing/column-fit.ts) and the API's `maxLength` reads them. The seed DDL in
 * migration 001 states the same types (migrations are frozen history), and a test compares this
 * constant with the live columns on both databases.
 * - VARCHAR(n) counts characters, i.e. code points in utf8mb4; TEXT holds 65,535 bytes of UTF-8 on
 *   MariaDB. SQLite's text, real and datetime are unbounded; we keep MariaDB's bounds on both so
 *   data can move between them and a report behaves the same on either.
 * - FLOAT is single precision: a magnitude above 3.402823466e38 is "out of range" on MariaDB.
 * - JSON: MariaDB's JSON functions, `json_valid` in the columns' CHECK included, refuse nesting
 *   deeper than 31 levels (SQLite's, 1,000). The size is ours: both JSON columns and the rest of
 *   the row stay well under MariaDB's default `max_allowed_packet` (16 MiB) in one INSERT.
 */
export const CALL_LOG_COLUMN_LIMITS = {
  external_call_id: { chars: 255 },
  caller_first_name: { chars: 255 },
  caller_last_name: { chars: 255 },
  caller_phone_number: { chars: 30 },
  call_started_at: DATETIME,
  call_ended_at: DATETIME,
  call_duration_seconds: { maxMagnitude: 3.402823466e38 },
  summary: { bytes: 65_535 },
  detailed_reason: { bytes: 65_535 },
  preferred_dentist: { chars: 255 },
  full_conversation_json: { jsonDepth: 31, bytes: 4 * 1024 * 1024 },
  raw_structured_data: { jsonDepth: 31, bytes: 4 * 1024 * 1024 },
  transcript_text: { bytes: 65_535 },
  audio_recording_url: { chars: 2048 },
  cost: { precision: 10, scale: 5 },
  ended_reason: { chars: 100 },
  created_at: DATETIME,
  updated_at: DATETIME,
} as const satisfies { [Column in keyof CallLogsTable]?: ColumnLimit };

export interface UsersTable {
  id: Generated<number>;
  /** Stored lower-cased, so uniqueness is case-insensitive on both dialects. */
  email: string;
  password_hash: string;
  full_name: string | null;
  role: UserRole;
  created_at: UtcDateTime;
  updated_at: UtcDateTime;
  /** Raised to refuse every token issued before (tokens carry it as their `ver` claim). */
  token_version: ColumnType<number, number | undefined, number>;
  /** Set while an administrator has disabled the account: no sign-in, no token accepted. */
  disabled_at: ColumnType<UtcDateTime | null, UtcDateTime | null | undefined, UtcDateTime | null>;
}

export interface ClinicMembershipsTable {
  user_id: number;
  clinic_id: number;
}

/** One row per field a staff member changed through the API: the audit trail, and what ingestion must not overwrite. */
export interface CallLogEditsTable {
  id: Generated<number>;
  call_log_id: number;
  user_id: number;
  field: string;
  /** JSON text of the value before and after */
  old_value: string | null;
  new_value: string | null;
  edited_at: UtcDateTime;
}

export const ROUTE_TYPES = ['clinic_key', 'phone_number_id', 'assistant_id'] as const;
export type RouteType = (typeof ROUTE_TYPES)[number];

/** Which clinic a voice provider's identifier (clinic key, phone number id, assistant id) belongs to. */
export interface ClinicRoutesTable {
  id: Generated<number>;
  clinic_id: number;
  type: RouteType;
  value: string;
  created_at: UtcDateTime;
}

export const WEBHOOK_EVENT_STATES = ['received', 'processed', 'unrouted', 'failed', 'rejected'] as const;
export type WebhookEventState = (typeof WEBHOOK_EVENT_STATES)[number];

/** The inbox: every authenticated delivery, kept (credentials redacted) before it is processed. */
export interface WebhookEventsTable {
  id: Generated<number>;
  provider: string;
  message_type: string | null;
  external_call_id: string | null;
  state: WebhookEventState;
  error: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  call_log_id: number | null;
  /**
   * The delivery's JSON text with credentials redacted (or the raw text when it was not JSON); empty
   * when the text is kept deflated in `body_deflated` (webhooks/inbox.ts reads both).
   */
  body: string;
  /** The same text, deflated (raw DEFLATE, UTF-8), for bodies over a kilobyte (migration 017). */
  body_deflated: ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;
  received_at: UtcDateTime;
  processed_at: UtcDateTime | null;
  /** Given on arrival; unique, so a delivery enters the inbox once whichever path brings it (migration 008). */
  delivery_key: ColumnType<string | null, string | null | undefined, never>;
  /** JSON text: `[{field, reason}]`, the values that were dropped or cut to store the call (NULL: none). */
  warnings: ColumnType<string | null, string | null | undefined, string | null>;
  /** When a `failed` delivery is due to be tried again (NULL: not to be retried by the background loop). */
  next_attempt_at: ColumnType<UtcDateTime | null, UtcDateTime | null | undefined, UtcDateTime | null>;
}

/** Exact per-clinic, per-status totals, kept by triggers on `call_logs`. */
export interface CallLogCountersTable {
  clinic_id: number;
  status: CallStatus;
  /** call id % VERSION_STRIPES (migration 014): a clinic's total for a status is the sum of its stripes. */
  stripe: number;
  total: number;
}

/** Per clinic and stripe, a number that every write to those calls moves (triggers): cached pages compare them. */
export interface CallLogVersionsTable {
  clinic_id: number;
  /** call id % VERSION_STRIPES (migration 014): each stripe's version moves with the writes to its calls. */
  stripe: number;
  version: number;
}

/**
 * What each recent version of a clinic's stripe of calls changed (migrations 013 and 014): one row
 * per version, in a ring of slots per clinic and stripe. `what`: letters i, d, s, t, r, o, l (page-cache.ts).
 */
export interface CallLogChangesTable {
  clinic_id: number;
  stripe: number;
  /** The stripe's version % CHANGE_RING. */
  slot: number;
  version: number;
  call_log_id: number;
  what: string;
  old_status: CallStatus | null;
  new_status: CallStatus | null;
}

/** The clinic-scoped word index (migration 013; keys in src/db/word-index/keys.ts). */
export interface CallLogWordsTable {
  clinic_id: number;
  /** Binary collation weights on MariaDB, folded text on SQLite. */
  word: unknown;
  call_started_at: UtcDateTime;
  call_log_id: number;
}

/** How many of a clinic's calls came from each phone number (its digits, 3 or more), kept by triggers (migration 016). */
export interface CallLogCallerCountsTable {
  clinic_id: number;
  phone_digits: string;
  calls: number;
}

/**
 * What happened to a call and who did it; append-only (database triggers refuse UPDATE and DELETE).
 * `actor_name` names the actor even once the user is gone; system actions have no `actor_user_id`.
 */
export interface CallLogActivityTable {
  id: Generated<number>;
  call_log_id: number;
  clinic_id: number;
  at: UtcDateTime;
  actor_user_id: number | null;
  actor_name: string;
  /** e.g. `recording_played`, `retention_purged` */
  action: string;
  /** JSON text: what changed, when the action changes anything */
  changes: JsonColumn;
}

/** Staff's internal notes on a call; append-only (database triggers refuse UPDATE and DELETE), like the trail. */
export interface CallLogNotesTable {
  id: Generated<number>;
  call_log_id: number;
  clinic_id: number;
  author_user_id: number;
  /** Who wrote it, kept even once the user is removed. */
  author_name: string;
  body: string;
  created_at: UtcDateTime;
}

/** A clinic's settings; a clinic without a row has the defaults. */
export interface ClinicSettingsTable {
  clinic_id: number;
  /** Calls older than this many days lose their transcript, conversation and recording link; NULL keeps them. */
  retention_days: number | null;
  updated_at: UtcDateTime;
}

/** Storage names of a closed call's outcome. */
export const CALL_OUTCOMES = ['BOOKED', 'RESCHEDULED', 'CANCELLED', 'ANSWERED', 'NO_ACTION_NEEDED', 'UNREACHABLE'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Priority ranks: the lower, the sooner (an index order). */
export const PRIORITY_RANKS = { URGENT: 1, HIGH: 2, NORMAL: 3, LOW: 4 } as const;
export type PriorityRank = (typeof PRIORITY_RANKS)[keyof typeof PRIORITY_RANKS];

/**
 * A call's work state (migration 010), one row per call. Triggers on `call_logs` create it, mirror
 * `clinic_id`, `status` and `call_started_at` into it and delete it; the rest is written by the app.
 */
export interface CallLogWorkTable {
  call_log_id: number;
  clinic_id: number;
  status: CallStatus;
  call_started_at: UtcDateTime;
  assignee_user_id: ColumnType<number | null, number | null | undefined, number | null>;
  priority: ColumnType<PriorityRank, PriorityRank | undefined, PriorityRank>;
  callback_due_at: ColumnType<UtcDateTime | null, UtcDateTime | null | undefined, UtcDateTime | null>;
  callback_attempts: ColumnType<number, number | undefined, number>;
  last_attempt_at: ColumnType<UtcDateTime | null, UtcDateTime | null | undefined, UtcDateTime | null>;
  outcome: ColumnType<CallOutcome | null, CallOutcome | null | undefined, CallOutcome | null>;
  updated_at: ColumnType<UtcDateTime | null, UtcDateTime | null | undefined, UtcDateTime | null>;
}

/** A clinic's working calendar for the work queue; a clinic without a row has the defaults (work-queue/settings.ts). */
export interface ClinicWorkSettingsTable {
  clinic_id: number;
  /** IANA zone, e.g. `Europe/Paris` */
  time_zone: string;
  /** JSON text: the wire's `opening_hours` */
  opening_hours: ColumnType<JsonText, string, string>;
  /** JSON text: the wire's `callback_windows` */
  callback_windows: ColumnType<JsonText, string, string>;
  retry_minutes: number;
  updated_at: UtcDateTime;
}

export interface Database {
  clinics: ClinicsTable;
  call_logs: CallLogsTable;
  users: UsersTable;
  clinic_memberships: ClinicMembershipsTable;
  call_log_edits: CallLogEditsTable;
  clinic_routes: ClinicRoutesTable;
  webhook_events: WebhookEventsTable;
  call_log_counters: CallLogCountersTable;
  call_log_versions: CallLogVersionsTable;
  call_log_changes: CallLogChangesTable;
  call_log_words: CallLogWordsTable;
  call_log_caller_counts: CallLogCallerCountsTable;
  call_log_activity: CallLogActivityTable;
  call_log_notes: CallLogNotesTable;
  clinic_settings: ClinicSettingsTable;
  call_log_work: CallLogWorkTable;
  clinic_work_settings: ClinicWorkSettingsTable;
}

export type ClinicRow = Selectable<ClinicsTable>;
/** A call as the repository hands it out: read through `asCallLogRow` (column-forms.ts), so `cost` is DECIMAL text. */
export type CallLogRow = Omit<Selectable<CallLogsTable>, 'cost'> & { cost: string | null };
export type NewCallLog = Insertable<CallLogsTable>;
export type CallLogChanges = Updateable<CallLogsTable>;
export type WebhookEventRow = Selectable<WebhookEventsTable>;

/** What repository functions take first: the database, or a transaction on it. */
export type Db = Kysely<Database> | Transaction<Database>;
