import type { IngestedCall } from '../provider.js';
import { callerName, callerPhone } from './caller.js';
import { structuredFieldReader, type FieldReader } from './field-aliases.js';
import { booleanFrom, callbackFrom, isEmptyish, reasonFrom } from './synonyms.js';
import { jsonColumn, type JsonObject } from './untrusted-json.js';

/**
 * The columns both providers derive from what the assistant extracted from the conversation (its
 * structured data), completed by what the provider itself knows about the caller. The rules are
 * those of the Vapi fixtures' README ("Mapping rules"); Retell follows the same ones.
 */

/** What a provider knows about the caller outside the structured data, best source first. */
export interface CallerFallbacks {
  /** Full names to split when the structured data names nobody. */
  names: unknown[];
  /** Numbers preferred over the structured data's (caller ID beats what the LLM heard). */
  phones: unknown[];
}

export type StructuredDataColumns = Pick<
  IngestedCall,
  | 'caller_first_name'
  | 'caller_last_name'
  | 'caller_phone_number'
  | 'is_existing_patient'
  | 'reason_for_call'
  | 'callback_preference'
  | 'preferred_dentist'
  | 'detailed_reason'
  | 'raw_structured_data'
>;

export function structuredDataColumns(data: JsonObject | undefined, caller: CallerFallbacks): StructuredDataColumns {
  const field = structuredFieldReader(data);
  const name = callerName(field('firstName'), field('lastName'), [field('fullName'), ...caller.names]);
  const isExisting = existingPatient(field);
  const dentist = field('dentist');
  const detail = field('detailedReason');
  return {
    caller_first_name: name.first,
    caller_last_name: name.last,
    caller_phone_number: callerPhone([...caller.phones, field('phone')]),
    is_existing_patient: isExisting === null ? null : Number(isExisting),
    reason_for_call: reasonFrom(field('reason')),
    callback_preference: callbackFrom(field('callback')),
    preferred_dentist: typeof dentist === 'string' && !isEmptyish(dentist) ? dentist.trim() : null,
    detailed_reason: typeof detail === 'string' && !isEmptyish(detail) ? detail : null,
    raw_structured_data: data === undefined ? null : jsonColumn(data),
  };
}

/** An "existing patient" answer wins even when unparseable; only its absence lets "new patient" speak. */
function existingPatient(field: FieldReader): boolean | null {
  const existing = field('existingPatient');
  if (existing !== undefined) return booleanFrom(existing);
  const isNew = booleanFrom(field('newPatient'));
  return isNew === null ? null : !isNew;
}
