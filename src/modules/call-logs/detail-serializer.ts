import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { CallLogDetailView } from './schemas.js';

/**
 * JSON text exactly as a JSON column stores it. Both databases hold these columns under
 * `CHECK (json_valid(…))`, so the text is JSON and can go to the client as it is: parsing a 3 KB
 * conversation only to serialise it again cost about a tenth of a detail request.
 */
export class StoredJson {
  constructor(readonly text: string) {}

  /** For any other serialiser (JSON.stringify): the value itself. */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

export const storedJsonOrNull = (text: string | null): StoredJson | null => (text === null || text === '' ? null : new StoredJson(text));

const STORED_JSON_FIELDS = ['full_conversation_json', 'raw_structured_data'] as const;

/** The detail without its JSON columns: what the response schema's serialiser writes. */
const DetailWithoutStoredJson = Type.Omit(CallLogDetailView, STORED_JSON_FIELDS);

const asJsonText = (value: unknown) => (value instanceof StoredJson ? value.text : JSON.stringify(value ?? null));

/**
 * Sends a call's detail: every field through the response schema (fast-json-stringify), then the
 * JSON columns appended as stored. The document is the same as the schema's; only the key order differs.
 */
export function sendCallLogDetail(reply: FastifyReply, view: CallLogDetailView): FastifyReply {
  const serialiseRest = reply.compileSerializationSchema(DetailWithoutStoredJson);
  return reply.type('application/json; charset=utf-8').serializer((payload: CallLogDetailView) => {
    let json = serialiseRest(payload).slice(0, -1);
    for (const field of STORED_JSON_FIELDS) json += `,"${field}":${asJsonText(payload[field])}`;
    return `${json}}`;
  }).send(view);
}
