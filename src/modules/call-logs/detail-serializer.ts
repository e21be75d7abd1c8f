import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { JsonText } from '../../db/database.js';
import { CallLogDetailView } from './schemas.js';

/**
 * A call's detail is sent with its JSON columns spliced in as the database stores them, never parsed.
 * Why: parsing a 3 KB conversation only to serialise it again cost about a tenth of a detail request.
 * What it costs: the JSON columns come last in the body (the document is the schema's, only the key
 * order differs), and the text must be JSON, which the columns' `CHECK (json_valid(…))` guarantees
 * on both databases (test/stored-json.test.ts fails if a database accepts anything else).
 */

/** A JSON column's value on its way to the client: its stored text, sent as it is. */
export class StoredJson {
  constructor(readonly text: JsonText) {}

  /** For any other serialiser (JSON.stringify, live updates): the value itself. */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

export const storedJsonOrNull = (text: JsonText | null): StoredJson | null => (text === null || text === '' ? null : new StoredJson(text));

const STORED_JSON_FIELDS = ['full_conversation_json', 'raw_structured_data'] as const;
type StoredJsonField = (typeof STORED_JSON_FIELDS)[number];

/** The detail as the service builds it: the wire shape, with the JSON columns still as stored. */
export type CallLogDetail = Omit<CallLogDetailView, StoredJsonField> & Record<StoredJsonField, StoredJson | null>;

/** The detail without its JSON columns: what the response schema's serialiser writes. */
const DetailWithoutStoredJson = Type.Omit(CallLogDetailView, STORED_JSON_FIELDS);

/** Sends a call's detail: every field through the response schema (fast-json-stringify), then the JSON columns as stored. */
export function sendCallLogDetail(reply: FastifyReply, detail: CallLogDetail): FastifyReply {
  const serialiseRest = reply.compileSerializationSchema(DetailWithoutStoredJson);
  return reply
    .type('application/json; charset=utf-8')
    .serializer((payload: CallLogDetail) => {
      let json = serialiseRest(payload).slice(0, -1);
      for (const field of STORED_JSON_FIELDS) json += `,"${field}":${payload[field]?.text ?? 'null'}`;
      return `${json}}`;
    })
    .send(detail);
}
