import type { CallReason, CallbackPreference } from '../../../db/database.js';
import { foldForSearch } from '../../../shared/text.js';

/**
 * Free-text values an assistant wrote, in English or French, read as the enums and booleans we
 * store. Every table is matched on N(v), the folded form below, as whole strings: no fuzzy matching.
 */

/** N(v): accents stripped, lower case, every run of other characters one space. "Après-midi" → "apres midi". */
export function normaliseValue(text: string): string {
  return foldForSearch(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Placeholders an LLM writes when it has nothing: stored as NULL rather than as text. */
const EMPTYISH = new Set([
  '',
  'n a',
  'na',
  'none',
  'null',
  'nil',
  'unknown',
  'not provided',
  'not specified',
  'not given',
  'no preference',
  'nobody',
  'no one',
  'any',
  'anyone',
  'aucun',
  'aucune',
  'inconnu',
  'non precise',
  'peu importe',
]);

export function isEmptyish(text: string): boolean {
  return EMPTYISH.has(normaliseValue(text));
}

const TRUE_WORDS = new Set([
  'true',
  'yes',
  'y',
  'oui',
  'o',
  '1',
  'existing',
  'existing patient',
  'returning',
  'current',
  'current patient',
]);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'non', '0', 'new', 'new patient', 'nouveau', 'nouvelle', 'nouveau patient']);

/** A yes/no answer in JSON, as 1/0, or in English or French words; anything else ("not sure") is unknown. */
export function booleanFrom(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value !== 'string') return null;
  const word = normaliseValue(value);
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return null;
}

/** Whole-string synonym table over N(v), keyed by the enum so it must cover every member. */
function synonymLookup<Enum extends string>(synonyms: Record<Enum, readonly string[]>): Map<string, Enum> {
  const lookup = new Map<string, Enum>();
  for (const [member, words] of Object.entries(synonyms) as Array<[Enum, readonly string[]]>) {
    for (const word of words) lookup.set(word, member);
  }
  return lookup;
}

const REASON_SYNONYMS = synonymLookup<CallReason>({
  NEW_APPOINTMENT: [
    'new appointment',
    'appointment',
    'book',
    'booking',
    'book appointment',
    'booking appointment',
    'appointment booking',
    'new booking',
    'schedule',
    'schedule appointment',
    'scheduling',
    'new patient appointment',
    'appointment request',
    'nouveau rendez vous',
    'prise de rendez vous',
    'prendre rendez vous',
    'rendez vous',
    'nouveau rdv',
    'prise de rdv',
  ],
  CANCELLATION: [
    'cancellation',
    'cancel',
    'cancelled',
    'canceled',
    'cancel appointment',
    'appointment cancellation',
    'annulation',
    'annuler',
    'annuler rendez vous',
    'annulation de rendez vous',
    'annulation rdv',
  ],
  RESCHEDULE: [
    'reschedule',
    'rescheduling',
    're schedule',
    'reschedule appointment',
    'change appointment',
    'move appointment',
    'changer rendez vous',
    'deplacer rendez vous',
    'modifier rendez vous',
    'report',
    'reporter rendez vous',
    'deplacer rdv',
  ],
  GENERAL_MESSAGE: [
    'general message',
    'message',
    'general',
    'leave a message',
    'general inquiry',
    'general enquiry',
    'question',
    'information',
    'info',
    'renseignement',
    'renseignements',
    'laisser un message',
    'message general',
  ],
  EMERGENCY: ['emergency', 'dental emergency', 'urgent', 'urgence', 'urgence dentaire'],
  OTHER: ['other', 'autre'],
});

const CALLBACK_SYNONYMS = synonymLookup<CallbackPreference>({
  MORNING: ['morning', 'mornings', 'in the morning', 'am', 'a m', 'matin', 'le matin', 'en matinee', 'matinee', 'avant midi'],
  AFTERNOON: ['afternoon', 'afternoons', 'in the afternoon', 'pm', 'p m', 'apres midi', 'l apres midi', 'en apres midi'],
  EVENING: ['evening', 'evenings', 'in the evening', 'tonight', 'after work', 'soir', 'le soir', 'en soiree', 'soiree'],
  ANYTIME: [
    'anytime',
    'any time',
    'any',
    'whenever',
    'no preference',
    'flexible',
    'asap',
    'as soon as possible',
    'n importe quand',
    'peu importe',
    'des que possible',
    'le plus tot possible',
  ],
});

/** A stated reason is never lost: present but unrecognised is OTHER (the raw text stays in raw_structured_data). */
export function reasonFrom(value: unknown): CallReason | null {
  if (value === undefined) return null;
  if (typeof value !== 'string') return 'OTHER';
  const known = REASON_SYNONYMS.get(normaliseValue(value));
  if (known !== undefined) return known;
  return isEmptyish(value) ? null : 'OTHER';
}

/** Checked before the empty-ish set on purpose: "no preference" as a callback time means ANYTIME. */
export function callbackFrom(value: unknown): CallbackPreference | null {
  return typeof value === 'string' ? (CALLBACK_SYNONYMS.get(normaliseValue(value)) ?? null) : null;
}
