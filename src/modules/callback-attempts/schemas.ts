import { Type, type Static } from '@sinclair/typebox';
import { NoteBody } from '../notes/schemas.js';

export const CALLBACK_RESULTS = ['Reached', 'No Answer', 'Left Voicemail', 'Wrong Number'] as const;
export type CallbackResult = (typeof CALLBACK_RESULTS)[number];

/** The results after which the call back is due again, a retry interval later. */
export const RETRY_RESULTS: readonly CallbackResult[] = ['No Answer', 'Left Voicemail'];

export const CallbackAttemptCreate = Type.Object(
  {
    result: Type.Union(
      CALLBACK_RESULTS.map((result) => Type.Literal(result)),
      { description: 'How the call back went.' },
    ),
    note: Type.Optional(NoteBody),
  },
  { $id: 'CallbackAttemptCreate', additionalProperties: false },
);
export type CallbackAttemptCreate = Static<typeof CallbackAttemptCreate>;

export const callbackAttemptSchemas = [CallbackAttemptCreate];
