import type { CallReason, CallbackPreference } from '../../db/database.js';
import { toStoredDateTime } from '../../shared/datetime.js';
import { foldForSearch, truncateUtf8 } from '../../shared/text.js';
import type { IngestedCall } from './provider.js';

/**
 * The tolerant reading and normalisation every provider adapter shares. Webhook bodies are written
 * by LLM prompts and third parties, so a value of the wrong type counts as absent, free text is
 * matched against synonym tables, and nothing here throws on any JSON input.
 * The rules are those of the Vapi fixtures' README ("Mapping rules"); Retell follows the same ones.
 */

// ---------------------------------------------------------------------------------------------
// Column limits of call_logs

const NAME_MAX_CHARS = 255;
const PHONE_MAX_CHARS = 30;
const URL_MAX_CHARS = 2048;
export const ENDED_REASON_MAX_CHARS = 100;
const EXTERNAL_ID_MAX_CHARS = 255;
/** MariaDB TEXT holds 65,535 bytes, not characters. */
const TEXT_MAX_BYTES = 65_535;

// ---------------------------------------------------------------------------------------------
// Reading untrusted JSON

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asNonEmptyObject(value: unknown): JsonObject | undefined {
  const object = asObject(value);
  return object !== undefined && Object.keys(object).length > 0 ? object : undefined;
}

/** The value at `path`, following own properties only, so `constructor` and friends never leak in. */
export function at(root: unknown, ...path: string[]): unknown {
  let current = root;
  for (const key of path) {
    const object = asObject(current);
    if (object === undefined || !Object.hasOwn(object, key)) return undefined;
    current = object[key];
  }
  return current;
}

export function asFiniteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Strings made only of whitespace carry nothing; the value itself is returned untouched. */
export function asNonBlankString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function firstNonBlankString(...values: unknown[]): string | undefined {
  for (const value of values) {
    const text = asNonBlankString(value);
    if (text !== undefined) return text;
  }
  return undefined;
}

export function firstFiniteNumber(...values: unknown[]): number | undefined {
  for (const value of values) {
    const number = asFiniteNumber(value);
    if (number !== undefined) return number;
  }
  return undefined;
}

/** A provider's call id: a non-empty JSON string that fits the column, never a coerced number. */
export function asExternalCallId(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value.length <= EXTERNAL_ID_MAX_CHARS ? value : undefined;
}

/** The first non-blank string short enough for `audio_recording_url`; a longer one is skipped, not cut. */
export function firstStorableUrl(...values: unknown[]): string | null {
  for (const value of values) {
    const url = asNonBlankString(value);
    if (url !== undefined && url.length <= URL_MAX_CHARS) return url;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Free-text values

/** N(v): accents stripped, lower case, every run of other characters one space. "Après-midi" → "apres midi". */
export function normaliseValue(text: string): string {
  return foldForSearch(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Keys compare without separators, so `first_name`, `First Name` and `firstName` are one key. */
function normaliseKey(key: string): string {
  return normaliseValue(key).replaceAll(' ', '');
}

/** Placeholders an LLM writes when it has nothing: stored as NULL rather than as text. */
const EMPTYISH = new Set([
  '', 'n a', 'na', 'none', 'null', 'nil', 'unknown', 'not provided', 'not specified', 'not given', 'no preference',
  'nobody', 'no one', 'any', 'anyone', 'aucun', 'aucune', 'inconnu', 'non precise', 'peu importe',
]);

function isEmptyish(text: string): boolean {
  return EMPTYISH.has(normaliseValue(text));
}

const TRUE_WORDS = new Set([
  'true', 'yes', 'y', 'oui', 'o', '1', 'existing', 'existing patient', 'returning', 'current', 'current patient',
]);
const FALSE_WORDS = new Set([
  'false', 'no', 'n', 'non', '0', 'new', 'new patient', 'nouveau', 'nouvelle', 'nouveau patient',
]);

/** A yes/no answer in JSON, as 1/0, or in English or French words; anything else ("not sure") is unknown. */
function parseBoolean(value: unknown): boolean | null {
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
    'new appointment', 'appointment', 'book', 'booking', 'book appointment', 'booking appointment',
    'appointment booking', 'new booking', 'schedule', 'schedule appointment', 'scheduling', 'new patient appointment',
    'appointment request', 'nouveau rendez vous', 'prise de rendez vous', 'prendre rendez vous', 'rendez vous',
    'nouveau rdv', 'prise de rdv',
  ],
  CANCELLATION: [
    'cancellation', 'cancel', 'cancelled', 'canceled', 'cancel appointment', 'appointment cancellation', 'annulation',
    'annuler', 'annuler rendez vous', 'annulation de rendez vous', 'annulation rdv',
  ],
  RESCHEDULE: [
    'reschedule', 'rescheduling', 're schedule', 'reschedule appointment', 'change appointment', 'move appointment',
    'changer rendez vous', 'deplacer rendez vous', 'modifier rendez vous', 'report', 'reporter rendez vous',
    'deplacer rdv',
  ],
  GENERAL_MESSAGE: [
    'general message', 'message', 'general', 'leave a message', 'general inquiry', 'general enquiry', 'question',
    'information', 'info', 'renseignement', 'renseignements', 'laisser un message', 'message general',
  ],
  EMERGENCY: ['emergency', 'dental emergency', 'urgent', 'urgence', 'urgence dentaire'],
  OTHER: ['other', 'autre'],
});

const CALLBACK_SYNONYMS = synonymLookup<CallbackPreference>({
  MORNING: [
    'morning', 'mornings', 'in the morning', 'am', 'a m', 'matin', 'le matin', 'en matinee', 'matinee', 'avant midi',
  ],
  AFTERNOON: [
    'afternoon', 'afternoons', 'in the afternoon', 'pm', 'p m', 'apres midi', 'l apres midi', 'en apres midi',
  ],
  EVENING: [
    'evening', 'evenings', 'in the evening', 'tonight', 'after work', 'soir', 'le soir', 'en soiree', 'soiree',
  ],
  ANYTIME: [
    'anytime', 'any time', 'any', 'whenever', 'no preference', 'flexible', 'asap', 'as soon as possible',
    'n importe quand', 'peu importe', 'des que possible', 'le plus tot possible',
  ],
});

/** A stated reason is never lost: present but unrecognised is OTHER (the raw text stays in raw_structured_data). */
function reasonFrom(value: unknown): CallReason | null {
  if (value === undefined) return null;
  if (typeof value !== 'string') return 'OTHER';
  const known = REASON_SYNONYMS.get(normaliseValue(value));
  if (known !== undefined) return known;
  return isEmptyish(value) ? null : 'OTHER';
}

/** Checked before the empty-ish set on purpose: "no preference" as a callback time means ANYTIME. */
function callbackFrom(value: unknown): CallbackPreference | null {
  return typeof value === 'string' ? (CALLBACK_SYNONYMS.get(normaliseValue(value)) ?? null) : null;
}

// ---------------------------------------------------------------------------------------------
// Text columns

/** Cut to `maxChars` characters (code points, as MariaDB counts them), never splitting a surrogate pair. */
function truncateChars(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let units = 0;
  let count = 0;
  for (const char of text) {
    if (count === maxChars) break;
    units += char.length;
    count += 1;
  }
  return text.slice(0, units);
}

export function varcharColumn(text: string | undefined, maxChars: number): string | null {
  return text === undefined ? null : truncateChars(text, maxChars);
}

/** TEXT columns: cut at a character boundary; the full text survives in the JSON columns or the provider. */
export function textColumn(text: string | undefined): string | null {
  return text === undefined ? null : truncateUtf8(text, TEXT_MAX_BYTES);
}

/**
 * JSON text for a JSON column. `JSON.parse` accepts nesting deeper than `JSON.stringify` can
 * recurse; such a value is stored as NULL rather than failing the whole call.
 */
export function jsonColumn(value: unknown): string | null {
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null;
  }
}

/** A transcript rebuilt from conversation turns when the provider sent none: one `Speaker: text` line per turn. */
export function transcriptFromTurns(
  turns: unknown[],
  textKey: string,
  speakerByRole: Readonly<Record<string, string>>,
): string | undefined {
  let transcript = '';
  for (const turn of turns) {
    const role = at(turn, 'role');
    const text = at(turn, textKey);
    if (typeof role !== 'string' || !Object.hasOwn(speakerByRole, role) || typeof text !== 'string') continue;
    transcript += `${speakerByRole[role]}: ${text}\n`;
  }
  return transcript === '' ? undefined : transcript;
}

// ---------------------------------------------------------------------------------------------
// Datetimes, durations and money

/** MariaDB DATETIME's range; outside it a value cannot be stored. */
const MIN_STORABLE_MS = Date.UTC(1000, 0, 1);
const MAX_STORABLE_MS = Date.UTC(10000, 0, 1) - 1;

/** Date `T` time with optional seconds, fraction and zone (`Z`, `±hh`, `±hhmm`, `±hh:mm`). */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function storable(epochMs: number): number | undefined {
  return epochMs >= MIN_STORABLE_MS && epochMs <= MAX_STORABLE_MS ? epochMs : undefined;
}

/**
 * Epoch milliseconds of an ISO-8601 date-time, or undefined. Stricter than `Date.parse`, which also
 * accepts free text and impossible dates. A time without an offset is taken as UTC (providers send `Z`).
 */
export function parseIsoInstant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = ISO_DATE_TIME.exec(value.trim());
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone = 'Z'] = match;
  const [y, mo, d] = [Number(year), Number(month) - 1, Number(day)];
  const [h, mi, s] = [Number(hour), Number(minute), Number(second)];
  const wallMs = Date.UTC(y, mo, d, h, mi, s, Number(fraction.padEnd(3, '0').slice(0, 3)));
  // Date.UTC rolls 31 April over into 1 May (and years 0-99 into the 1900s); a round trip catches
  // every out-of-range field.
  const wall = new Date(wallMs);
  const isRealDateTime =
    wall.getUTCFullYear() === y && wall.getUTCMonth() === mo && wall.getUTCDate() === d &&
    wall.getUTCHours() === h && wall.getUTCMinutes() === mi && wall.getUTCSeconds() === s;
  const offsetMinutes = zoneOffsetMinutes(zone);
  if (!isRealDateTime || offsetMinutes === undefined) return undefined;
  return storable(wallMs - offsetMinutes * 60_000);
}

/** `Z`, `+05`, `+0530` or `-05:30` as minutes east of UTC. */
function zoneOffsetMinutes(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = zone.length > 3 ? Number(zone.slice(-2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

export function firstIsoInstant(...values: unknown[]): number | undefined {
  for (const value of values) {
    const epochMs = parseIsoInstant(value);
    if (epochMs !== undefined) return epochMs;
  }
  return undefined;
}

/** A millisecond epoch timestamp (Retell), or undefined when absent or not storable. */
export function epochMsInstant(value: unknown): number | undefined {
  const epochMs = asFiniteNumber(value);
  return epochMs === undefined ? undefined : storable(Math.trunc(epochMs));
}

/** Storage text `YYYY-MM-DD HH:MM:SS` in UTC, truncated to whole seconds. */
export function storedDateTime(epochMs: number): string {
  return toStoredDateTime(new Date(epochMs));
}

/** The provider's own duration when it sent one, else the span between the timestamps (ms precision). */
export function callDurationSeconds(
  reportedSeconds: number | undefined,
  startedMs: number,
  endedMs: number | undefined,
): number | null {
  if (reportedSeconds !== undefined) return reportedSeconds;
  return endedMs === undefined ? null : Math.round(endedMs - startedMs) / 1000;
}

const DECIMAL_SCALE = 5;
/** DECIMAL(10,5) keeps 10 digits in all, 5 of them after the point. */
const DECIMAL_MAX_DIGITS = 10;

/**
 * `value × 10^shift` as DECIMAL(10,5) text, rounded half-up (away from zero) to 5 places, or null if
 * it does not fit. Works on the shortest decimal form of the number (what the sender wrote), since
 * `toFixed` rounds the binary value: 0.123455 would become 0.12345. `shift` lets a provider that
 * bills in cents (-2) convert without a lossy float division.
 */
export function decimalText(value: number, shift = 0): string | null {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (match === null) return null;
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  const digits = whole + fraction;
  // How many leading digits form the integer part of value × 10^(shift + scale).
  const keptCount = whole.length + Number(exponent) + shift + DECIMAL_SCALE;
  if (keptCount < 0) return `0.${'0'.repeat(DECIMAL_SCALE)}`;
  const kept = keptCount <= digits.length ? digits.slice(0, keptCount) : digits.padEnd(keptCount, '0');
  const roundsUp = (digits[keptCount] ?? '0') >= '5';
  const scaled = (BigInt(kept === '' ? '0' : kept) + (roundsUp ? 1n : 0n)).toString();
  if (scaled.length > DECIMAL_MAX_DIGITS) return null;
  const padded = scaled.padStart(DECIMAL_SCALE + 1, '0');
  const text = `${padded.slice(0, -DECIMAL_SCALE)}.${padded.slice(-DECIMAL_SCALE)}`;
  return sign === '-' && scaled !== '0' ? `-${text}` : text;
}

// ---------------------------------------------------------------------------------------------
// Callers: names and phone numbers

/** Trim and collapse spaces; placeholders become NULL; accents and case are kept. */
function cleanName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const name = value.trim().replace(/\s+/g, ' ');
  return isEmptyish(name) ? null : truncateChars(name, NAME_MAX_CHARS);
}

interface CallerName {
  first: string | null;
  last: string | null;
}

/** "Luis Ortega" → Luis / Ortega; "Luis" → Luis / NULL; later tokens all belong to the last name. */
function splitFullName(value: unknown): CallerName | undefined {
  const name = cleanName(value);
  if (name === null) return undefined;
  const space = name.indexOf(' ');
  if (space === -1) return { first: name, last: null };
  return { first: name.slice(0, space), last: cleanName(name.slice(space + 1)) };
}

/** What the caller ID shows when the number is hidden: no use for a callback. */
const WITHHELD_NUMBERS = new Set(['anonymous', 'restricted', 'private', 'unknown', 'unavailable', 'withheld']);

/** Strip formatting but never add a country code: we cannot know which one the caller meant. */
function normalisePhone(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const number = value.trim().replace(/[\s\-.()]/g, '');
  if (number === '' || WITHHELD_NUMBERS.has(normaliseValue(number))) return undefined;
  return truncateChars(number, PHONE_MAX_CHARS);
}

/** `caller_phone_number` is NOT NULL; this literal marks a call whose number nobody gave. */
const UNKNOWN_PHONE = 'unknown';

// ---------------------------------------------------------------------------------------------
// Structured data: what the assistant extracted from the conversation

/** Key aliases per field, in priority order, written as the LLM tends to (matched via `normaliseKey`). */
const FIELD_ALIASES = {
  firstName: ['firstName', 'first_name', 'callerFirstName', 'patientFirstName', 'givenName', 'prenom'],
  lastName: ['lastName', 'last_name', 'surname', 'familyName', 'callerLastName', 'patientLastName', 'nomDeFamille'],
  fullName: ['fullName', 'name', 'callerName', 'patientName', 'nomComplet'],
  existingPatient: [
    'isExistingPatient', 'existingPatient', 'isReturningPatient', 'returningPatient', 'patientExistant',
  ],
  newPatient: ['isNewPatient', 'newPatient', 'nouveauPatient'],
  reason: ['reasonForCall', 'reason', 'callReason', 'intent', 'raisonAppel', 'motif'],
  callback: [
    'callbackPreference', 'preferredCallbackTime', 'callbackTime', 'bestTimeToCall', 'callbackWindow', 'rappel',
  ],
  dentist: ['preferredDentist', 'dentist', 'preferredDoctor', 'doctor', 'dentistePrefere'],
  detailedReason: ['detailedReason', 'reasonDetails', 'details', 'notes', 'description'],
  phone: ['callbackNumber', 'callbackPhone', 'phoneNumber', 'phone', 'callerPhoneNumber', 'contactNumber'],
} as const;

type StructuredField = keyof typeof FIELD_ALIASES;
type FieldReader = (field: StructuredField) => unknown;

const NORMALISED_ALIASES = Object.fromEntries(
  Object.entries(FIELD_ALIASES).map(([field, aliases]) => [field, aliases.map(normaliseKey)]),
) as Record<StructuredField, string[]>;

/** Reads fields of one structured-data object by alias; the first alias holding a non-null value wins. */
function structuredFieldReader(data: JsonObject | undefined): FieldReader {
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

/** The columns both providers derive from the assistant's structured data plus caller fallbacks. */
export function structuredDataColumns(data: JsonObject | undefined, caller: CallerFallbacks): StructuredDataColumns {
  const field = structuredFieldReader(data);
  const name = callerName(field, caller.names);
  const isExisting = existingPatient(field);
  const dentist = field('dentist');
  const detail = field('detailedReason');
  const phone = [...caller.phones, field('phone')].map(normalisePhone).find((number) => number !== undefined);
  return {
    caller_first_name: name.first,
    caller_last_name: name.last,
    caller_phone_number: phone ?? UNKNOWN_PHONE,
    is_existing_patient: isExisting === null ? null : Number(isExisting),
    reason_for_call: reasonFrom(field('reason')),
    callback_preference: callbackFrom(field('callback')),
    preferred_dentist:
      typeof dentist === 'string' && !isEmptyish(dentist) ? truncateChars(dentist.trim(), NAME_MAX_CHARS) : null,
    detailed_reason: typeof detail === 'string' && !isEmptyish(detail) ? textColumn(detail) : null,
    raw_structured_data: data === undefined ? null : jsonColumn(data),
  };
}

/** An "existing patient" answer wins even when unparseable; only its absence lets "new patient" speak. */
function existingPatient(field: FieldReader): boolean | null {
  const existing = field('existingPatient');
  if (existing !== undefined) return parseBoolean(existing);
  const isNew = parseBoolean(field('newPatient'));
  return isNew === null ? null : !isNew;
}

/** Separate first/last fields win; only when both are missing is a full name split. */
function callerName(field: FieldReader, fallbackNames: unknown[]): CallerName {
  const first = cleanName(field('firstName'));
  const last = cleanName(field('lastName'));
  if (first !== null || last !== null) return { first, last };
  for (const fullName of [field('fullName'), ...fallbackNames]) {
    const split = splitFullName(fullName);
    if (split !== undefined) return split;
  }
  return { first: null, last: null };
}
