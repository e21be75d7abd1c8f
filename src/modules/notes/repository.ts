import type { Db } from '../../db/database.js';

export interface NewNote {
  call_log_id: number;
  clinic_id: number;
  author_user_id: number;
  author_name: string;
  body: string;
  created_at: string;
}

/** Appends a note (the table refuses any later change to it); its id. */
export async function insertNote(db: Db, note: NewNote): Promise<number> {
  const result = await db.insertInto('call_log_notes').values(note).executeTakeFirstOrThrow();
  return Number(result.insertId);
}

/** A call's notes, oldest first (the id orders notes written in the same second). */
export async function listNotes(db: Db, callLogId: number, paging: { limit: number; offset: number }) {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('call_log_notes')
      .select(['id', 'author_user_id', 'author_name', 'body', 'created_at'])
      .where('call_log_id', '=', callLogId)
      .orderBy('id')
      .limit(paging.limit)
      .offset(paging.offset)
      .execute(),
    db
      .selectFrom('call_log_notes')
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .where('call_log_id', '=', callLogId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}
