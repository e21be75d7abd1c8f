import { Type, type Static } from '@sinclair/typebox';
import { DateTime, pageOf, pagingQuery } from '../../shared/schemas.js';
import { UserRef } from '../activity/schemas.js';

/** Characters (code points) a note may have once trimmed. */
export const NOTE_MAX_CHARS = 4000;

export const Note = Type.Object(
  {
    id: Type.Integer(),
    body: Type.String(),
    author: Type.Ref(UserRef),
    created_at: DateTime(),
  },
  { $id: 'Note', description: 'An internal note on a call. Notes are never changed or deleted: a correction is a new note.' },
);
export type Note = Static<typeof Note>;

export const NotePage = pageOf(Type.Ref(Note), { $id: 'NotePage', totalDescription: 'The call’s notes, over all pages.' });
export type NotePage = Static<typeof NotePage>;

/** The text's bounds are checked once trimmed (by the service), so the schema only bounds what is worth reading. */
export const NoteBody = Type.String({
  maxLength: 4 * NOTE_MAX_CHARS,
  description: `1 to ${NOTE_MAX_CHARS} characters, leading and trailing blanks removed.`,
});

export const NoteCreate = Type.Object({ body: NoteBody }, { $id: 'NoteCreate', additionalProperties: false });
export type NoteCreate = Static<typeof NoteCreate>;

export const NoteListQuery = Type.Object(pagingQuery);
export type NoteListQuery = Static<typeof NoteListQuery>;

export const noteSchemas = [Note, NotePage, NoteCreate];
