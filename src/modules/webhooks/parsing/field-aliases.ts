import { normaliseValue } from './synonyms.js';
import type { JsonObject } from './untrusted-json.js';

/**
 * The key spellings an assistant's structured data uses for each field we read, in English and
 * French. Keys compare without case, accents or separators, so `first_name`, `First Name` and
 * `firstName` are one key.
 */

/** Key aliases per field, in priority order, written as the LLM tends to. */
const FIELD_ALIASES = {
  firstName: ['firstName', 'first_name', 'callerFirstName', 'patientFirstName', 'givenName', 'prenom'],
  lastName: ['lastName', 'last_name', 'surname', 'familyName', 'callerLastName', 'patientLastName', 'nomDeFamille'],
  fullName: ['fullName', 'name', 'callerName', 'patientName', 'nomComplet'],
  existingPatient: ['isExistingPatient', 'existingPatient', 'isReturningPatient', 'returningPatient', 'patientExistant'],
  newPatient: ['isNewPatient', 'newPatient', 'nouveauPatient'],
  reason: ['reasonForCall', 'reason', 'callReason', 'intent', 'raisonAppel', 'motif'],
  callback: ['callbackPreference', 'preferredCallbackTime', 'callbackTime', 'bestTimeToCall', 'callbackWindow', 'rappel'],
  dentist: ['preferredDentist', 'dentist', 'preferredDoctor', 'doctor', 'dentistePrefere'],
  detailedReason: ['detailedReason', 'reasonDetails', 'details', 'notes', 'description'],
  phone: ['callbackNumber', 'callbackPhone', 'phoneNumber', 'phone', 'callerPhoneNumber', 'contactNumber'],
} as const;

export type StructuredField = keyof typeof FIELD_ALIASES;
export type FieldReader = (field: StructuredField) => unknown;

export function normaliseKey(key: string): string {
  return normaliseValue(key).replaceAll(' ', '');
}

const NORMALISED_ALIASES = Object.fromEntries(
  Object.entries(FIELD_ALIASES).map(([field, aliases]) => [field, aliases.map(normaliseKey)]),
) as Record<StructuredField, string[]>;

/**
 * Reads fields of one structured-data object by alias: the first alias holding a non-null value
 * wins, and of two keys that normalise alike, the first in the object.
 */
export function structuredFieldReader(data: JsonObject | undefined): FieldReader {
  const byKey = new Map<string, unknown>();
  for (const [key, value] of Object.entries(data ?? {})) {
    const normalised = normaliseKey(key);
    if (value !== null && !byKey.has(normalised)) byKey.set(normalised, value);
  }
  return (field) => {
    for (const alias of NORMALISED_ALIASES[field]) {
      if (byKey.has(alias)) return byKey.get(alias);
    }
    return undefined;
  };
}
