import type { CallReason, CallStatus, CallbackPreference, NewCallLog, UtcDateTime } from '../../src/db/database.js';
import {
  APPOINTMENT_TIMES,
  AREA_CODES,
  DENTISTS,
  FIRST_NAMES,
  LANGUAGES,
  REASON_PROFILES,
  SURNAMES,
  type CallbackKey,
  type Ending,
  type Lang,
  type PatientKey,
  type PoolRecord,
  type ReasonKey,
  type ReasonProfile,
} from './call-templates.js';

/**
 * Deterministic, realistic call logs for the first-run demo and the benchmark seeder.
 * The same options and index always give the same row, whatever was generated before.
 *
 * Speed matters (a million rows for the benchmark): every template is parsed once at load, the
 * callers a generator can draw are built once per generator, and a row is plain string
 * concatenation: no regex, no Date, and no JSON.stringify because all text is checked JSON-safe
 * up front (only a clinic name with quotes or backslashes takes the escaping path).
 */

export type GeneratedCallLog = Omit<NewCallLog, 'clinic_id' | 'status' | 'created_at' | 'updated_at'> & {
  status: CallStatus;
  created_at: UtcDateTime;
  updated_at: UtcDateTime;
};

export interface GeneratorOptions {
  seed: number;
  now: Date;
  /** Calls start within this many days before `now`. */
  spanDays: number;
  /** `demo`: a live front-desk inbox (recent calls still open); `archive`: years of mostly handled calls. */
  statusMix?: 'demo' | 'archive';
  /** How many rows will be drawn. When given, call time grows with the index, so rows inserted in index order get ids in arrival order, as in production. */
  count?: number;
  /** Spoken in the greeting. */
  clinicName?: string;
}

export interface CallLogGenerator {
  next(index: number): GeneratedCallLog;
}

const CLINIC_TIME_ZONE = 'America/Toronto';
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Longest call (6 min) plus the webhook delay: a call never ends after `now`. */
const LATEST_START_BEFORE_NOW = 420_000;

// ---------------------------------------------------------------------------------------------
// Templates, compiled once: `{slot}` becomes an index into the per-generator value array.

/** Filled from the call itself; pool records may use only these. */
const CALL_SLOTS = [
  'clinic',
  'agent',
  'roster',
  'first',
  'last',
  'full',
  'addrComma',
  'who',
  'e',
  'il',
  'lastSpelled',
  'dentistShort',
  'dentistLong',
  'day',
  'dayName',
  'time',
  'day2',
  'time2',
  'oldDay',
  'oldDayName',
  'oldTime',
] as const;
/** Filled from the caller's answers, rendered before the turns that quote them. */
const ANSWER_SLOTS = ['patientAnswer', 'patientClause', 'patientNoun', 'cbAnswer', 'cbAck', 'cbSentence', 'dentistAnswer'] as const;
type SlotName = (typeof CALL_SLOTS)[number] | (typeof ANSWER_SLOTS)[number];

const slotIds = new Map<string, number>();
const slotId = (name: string): number => {
  let id = slotIds.get(name);
  if (id === undefined) slotIds.set(name, (id = slotIds.size));
  return id;
};
const S = Object.fromEntries([...CALL_SLOTS, ...ANSWER_SLOTS].map((n) => [n, slotId(n)])) as Record<SlotName, number>;
const CALL_SLOT_SET: ReadonlySet<string> = new Set(CALL_SLOTS);
const TURN_SLOT_SET: ReadonlySet<string> = new Set([...CALL_SLOTS, ...ANSWER_SLOTS]);

/** Literal pieces around slots: `lits.length === slots.length + 1`. */
interface Template {
  lits: string[];
  slots: number[];
}
interface Turn {
  bot: boolean;
  text: Template;
}
type Block = readonly Turn[];

/** True when JSON would escape something in `text` (a quote, a backslash, a control character). */
const needsEscaping = (text: string): boolean => JSON.stringify(text).length !== text.length + 2;
/** The start of a message object: first or following, bot or user. */
const MESSAGE_OPENINGS = [
  '[{"role":"bot","message":"',
  '[{"role":"user","message":"',
  ',{"role":"bot","message":"',
  ',{"role":"user","message":"',
];

function compile(text: string, allowed: ReadonlySet<string>): Template {
  if (needsEscaping(text)) throw new Error(`call template needs JSON escaping: ${text}`);
  const lits: string[] = [];
  const slots: number[] = [];
  let from = 0;
  for (const m of text.matchAll(/\{(\w+)\}/g)) {
    const name = m[1] ?? '';
    if (!allowed.has(name)) throw new Error(`call template uses unknown slot {${name}}: ${text}`);
    lits.push(text.slice(from, m.index));
    slots.push(slotId(name));
    from = m.index + m[0].length;
  }
  lits.push(text.slice(from));
  return { lits, slots };
}

function compileTurn(line: string, allowed: ReadonlySet<string>): Turn {
  const bot = line.startsWith('AI: ');
  if (!bot && !line.startsWith('User: ')) throw new Error(`call template turn must start with "AI: " or "User: ": ${line}`);
  return { bot, text: compile(line.slice(bot ? 4 : 6), allowed) };
}

const compileBlock = (lines: readonly string[], allowed: ReadonlySet<string>): Block => lines.map((l) => compileTurn(l, allowed));
const compileBlocks = (blocks: readonly (readonly string[])[], allowed = TURN_SLOT_SET): Block[] =>
  blocks.map((b) => compileBlock(b, allowed));

function render(t: Template, vals: readonly string[]): string {
  const { lits, slots } = t;
  let s = lits[0]!;
  for (let i = 0; i < slots.length; i++) s += vals[slots[i]!]! + lits[i + 1]!;
  return s;
}

interface CompiledRecord {
  slots: number[];
  values: Template[];
}
interface CompiledReason {
  profile: ReasonProfile;
  pools: CompiledRecord[][];
  namedOpenings: Turn[];
  openings: Turn[];
  cores: { turns: Block; summary: Template; detail: Template | null; dentist: boolean }[];
  /** Weighted answers to "already a patient?", or null when the question is not asked. */
  patientTable: PatientKey[] | null;
}

function compileRecords(records: readonly PoolRecord[]): CompiledRecord[] {
  const keys = Object.keys(records[0] ?? {});
  return records.map((r) => {
    if (Object.keys(r).join() !== keys.join()) throw new Error(`call template pool records differ in fields: ${keys.join()}`);
    return { slots: keys.map(slotId), values: keys.map((k) => compile(r[k] ?? '', CALL_SLOT_SET)) };
  });
}

/** Expands weights into a lookup table so a weighted pick is one array read. */
function weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T[] {
  return entries.flatMap(([value, weight]) => Array<T>(weight).fill(value));
}

function compileLanguage(lang: Lang) {
  const L = LANGUAGES[lang];
  const many = (texts: readonly string[], allowed: ReadonlySet<string>) => texts.map((t) => compile(t, allowed));
  const reasons = Object.fromEntries(
    (Object.keys(L.reasons) as ReasonKey[]).map((key) => {
      const R = L.reasons[key];
      const profile = REASON_PROFILES[key];
      const pools = R.pools.map(compileRecords);
      const allowed = new Set([...TURN_SLOT_SET, ...R.pools.flatMap((p) => Object.keys(p[0] ?? {}))]);
      const callerSays = (texts: readonly string[]) => texts.map((t): Turn => ({ bot: false, text: compile(t, allowed) }));
      const compiled: CompiledReason = {
        profile,
        pools,
        namedOpenings: callerSays(R.namedOpenings),
        openings: callerSays(R.openings),
        cores: R.cores.map((c) => ({
          turns: compileBlock(c.turns, allowed),
          summary: compile(c.summary, allowed),
          detail: c.detail === null ? null : compile(c.detail, allowed),
          dentist: c.dentist ?? false,
        })),
        patientTable: profile.patient && weighted(Object.entries(profile.patient) as [PatientKey, number][]),
      };
      return [key, compiled];
    }),
  ) as Record<ReasonKey, CompiledReason>;
  const keyed = <K extends string, V, R>(table: Readonly<Record<K, V>>, f: (v: V) => R) =>
    Object.fromEntries(Object.entries(table).map(([k, v]) => [k, f(v as V)])) as Record<K, R>;
  return {
    pack: L,
    greeting: compileTurn(L.greeting, CALL_SLOT_SET),
    askName: compileBlocks(L.askName),
    declineName: compileBlocks(L.declineName),
    askPatient: compileBlocks(L.askPatient),
    askDentist: compileBlocks(L.askDentist),
    askCallback: compileBlocks(L.askCallback),
    extras: compileBlocks(L.extras),
    closings: keyed(L.closings, (blocks) => compileBlocks(blocks)),
    patient: keyed(L.patient, (p) => ({
      answers: many(p.answers, CALL_SLOT_SET),
      clause: compile(p.clause, CALL_SLOT_SET),
      noun: compile(p.noun, CALL_SLOT_SET),
      raw: p.raw,
    })),
    callback: keyed(L.callback, (c) => ({
      answers: many(c.answers, CALL_SLOT_SET),
      ack: compile(c.ack, CALL_SLOT_SET),
      sentence: compile(c.sentence, CALL_SLOT_SET),
      raw: c.raw,
    })),
    dentistPreferred: many(L.dentistAnswers.preferred, CALL_SLOT_SET),
    dentistNone: many(L.dentistAnswers.none, CALL_SLOT_SET),
    dentists: DENTISTS.map(L.dentist),
    roster: L.rosterJoin(DENTISTS.map((d) => L.dentist(d).long)),
    times: APPOINTMENT_TIMES.map(([enTime, frTime]) => (lang === 'en' ? enTime : frTime)),
    reasons,
  };
}
type CompiledLanguage = ReturnType<typeof compileLanguage>;

const COMPILED: Readonly<Record<Lang, CompiledLanguage>> = { en: compileLanguage('en'), fr: compileLanguage('fr') };
// Names, dates and times reach the JSON columns unescaped too.
if (JSON.stringify([FIRST_NAMES, SURNAMES, DENTISTS, APPOINTMENT_TIMES, LANGUAGES]).includes('\\')) {
  throw new Error('call templates: a name, date or time needs JSON escaping');
}
const SLOT_COUNT = slotIds.size;

const REASON_KEYS = Object.keys(REASON_PROFILES) as ReasonKey[];
const REASONS_BUSINESS_HOURS = weighted(REASON_KEYS.map((k) => [k, REASON_PROFILES[k].weight.businessHours] as const));
const REASONS_AFTER_HOURS = weighted(REASON_KEYS.map((k) => [k, REASON_PROFILES[k].weight.afterHours] as const));
const CALLBACKS = weighted<CallbackKey>([
  ['MORNING', 25],
  ['AFTERNOON', 25],
  ['EVENING', 12],
  ['ANYTIME', 28],
  ['NONE', 10],
]);
const AREA_TABLE = weighted(AREA_CODES.map((a, i) => [i, a[2]] as const));
const SURNAME_TABLES = { en: weighted(SURNAMES.en), fr: weighted(SURNAMES.fr) };

// ---------------------------------------------------------------------------------------------
// Numbers: a bijective 32-bit mix (lowbias32) keeps ids unique; mulberry32 drives each row.

function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** `.9`, `.98`: the decimals JavaScript itself would print for n/100. */
const HUNDREDTHS = Array.from({ length: 100 }, (_, i) => (i === 0 ? '' : String(i / 100).slice(1)));

/** A UUIDv7 of the call start; the other 74 bits hold the seed and index losslessly, so ids never collide. */
function callId(startMs: number, seedMix: number, index: number, random: number): string {
  const idx = mix32(index ^ seedMix);
  const s = (seedMix ^ mix32(idx ^ 0x9e3779b9)) >>> 0;
  const hi = Math.floor(startMs / 4294967296);
  const lo = startMs >>> 0;
  return (
    HEX[(hi >>> 8) & 0xff]! +
    HEX[hi & 0xff]! +
    HEX[lo >>> 24]! +
    HEX[(lo >>> 16) & 0xff]! +
    '-' +
    HEX[(lo >>> 8) & 0xff]! +
    HEX[lo & 0xff]! +
    '-' +
    HEX[0x70 | (s >>> 28)]! +
    HEX[(s >>> 20) & 0xff]! +
    '-' +
    HEX[0x80 | ((s >>> 14) & 0x3f)]! +
    HEX[(s >>> 6) & 0xff]! +
    '-' +
    HEX[((s & 0x3f) << 2) | (idx >>> 30)]! +
    HEX[(idx >>> 22) & 0xff]! +
    HEX[(idx >>> 14) & 0xff]! +
    HEX[(idx >>> 6) & 0xff]! +
    HEX[((idx & 0x3f) << 2) | (random & 3)]! +
    HEX[(random >>> 2) & 0xff]!
  );
}

const dayPrefixes = new Map<number, string>();
function utcText(ms: number): UtcDateTime {
  const day = Math.floor(ms / DAY);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) dayPrefixes.set(day, (prefix = new Date(day * DAY).toISOString().slice(0, 10) + ' '));
  const sec = Math.floor((ms - day * DAY) / 1000);
  return prefix + PAD2[(sec / 3600) | 0]! + ':' + PAD2[((sec / 60) | 0) % 60]! + ':' + PAD2[sec % 60]!;
}

function timeZoneOffset(format: Intl.DateTimeFormat, ms: number): number {
  const p: Record<string, number> = {};
  for (const part of format.formatToParts(ms)) p[part.type] = Number(part.value);
  const local = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0);
  return local - Math.floor(ms / 60_000) * 60_000;
}

/** Relative call volume by local weekday (0 = Sunday) and hour: office hours, a quieter Saturday, a trickle at night. */
function hourWeight(dow: number, hour: number): number {
  if (dow >= 1 && dow <= 5)
    return hour >= 8 && hour < 18 ? 10 : hour === 7 || hour === 18 || hour === 19 ? 4 : hour >= 20 && hour < 23 ? 1.2 : 0.35;
  if (dow === 6) return hour >= 9 && hour < 14 ? 5 : hour === 8 || (hour >= 14 && hour < 17) ? 2 : hour >= 17 && hour < 23 ? 1 : 0.35;
  return hour >= 10 && hour < 17 ? 1.5 : 0.4;
}
const isAfterHours = (dow: number, hour: number): boolean => dow === 0 || (dow === 6 ? hour < 8 || hour >= 17 : hour < 7 || hour >= 20);

function spell(last: string, lang: Lang): string {
  const { apostrophe, hyphen, accents } = LANGUAGES[lang].spelling;
  return [...last]
    .map((ch) => (ch === "'" ? apostrophe : ch === '-' ? hyphen : (accents[ch.toLowerCase()] ?? ch.toUpperCase())))
    .join(', ');
}

interface Caller {
  phone: string;
  lang: Lang;
  first: string;
  last: string;
  full: string;
  addrComma: string;
  lastSpelled: string;
  e: string;
  il: string;
}

/** Every phone the generator can draw has one owner, so searching a number finds the same person each time. Numbers stay in the fictional 555-01xx range. */
function buildCallers(seedMix: number): Caller[] {
  const callers: Caller[] = [];
  AREA_CODES.forEach(([code, french], a) => {
    for (let n = 0; n < 100; n++) {
      const h = mix32(seedMix ^ Math.imul(a * 100 + n + 1, 0x9e3779b1));
      const h2 = mix32(h);
      const lang: Lang = (h & 0xffff) / 65536 < french ? 'fr' : 'en';
      const female = ((h >>> 16) & 1) === 1;
      const names = FIRST_NAMES[lang][female ? 'female' : 'male'];
      // One caller in five has a surname from the other language, as in any bilingual city.
      const surnames = SURNAME_TABLES[(h2 & 0xff) < 51 ? (lang === 'en' ? 'fr' : 'en') : lang];
      const first = names[(h >>> 17) % names.length]!;
      const last = surnames[(h2 >>> 8) % surnames.length]!;
      const pack = LANGUAGES[lang];
      callers.push({
        phone: `+1${code}55501${PAD2[n]!}`,
        lang,
        first,
        last,
        full: `${first} ${last}`,
        addrComma: pack.address(first, last, female),
        lastSpelled: spell(last, lang),
        e: female ? pack.feminineEnding : '',
        il: female ? pack.pronoun.female : pack.pronoun.male,
      });
    }
  });
  return callers;
}

// ---------------------------------------------------------------------------------------------

export function createCallLogGenerator(options: GeneratorOptions): CallLogGenerator {
  const { seed, spanDays, count, statusMix = 'demo', clinicName = 'Zenith Dental Center' } = options;
  const nowMs = options.now.getTime();
  const seedMix = mix32(seed >>> 0);
  const callers = buildCallers(seedMix);
  const jsonText = needsEscaping(clinicName) ? (s: string) => JSON.stringify(s).slice(1, -1) : (s: string) => s;
  const quoted = (s: string | null) => (s === null ? 'null' : '"' + jsonText(s) + '"');

  // Hour buckets over the span, weighted by office hours in the clinic's time zone; a row's time is
  // an inverse-CDF lookup, so order by index (when `count` is known) is order by time.
  const firstMs = nowMs - spanDays * DAY;
  const bucketCount = Math.max(1, Math.ceil((nowMs - LATEST_START_BEFORE_NOW - firstMs) / HOUR));
  const cumulative = new Float64Array(bucketCount);
  const offsets = new Float64Array(bucketCount);
  const afterHours = new Uint8Array(bucketCount);
  const tz = new Intl.DateTimeFormat('en-US', {
    timeZone: CLINIC_TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  let total = 0;
  for (let b = 0, offset = 0; b < bucketCount; b++) {
    const mid = firstMs + (b + 0.5) * HOUR;
    // A daily offset is close enough: DST moves a handful of hours a year by one hour.
    if (b % 24 === 0) offset = timeZoneOffset(tz, mid);
    const local = mid + offset;
    const hour = Math.floor(local / HOUR) % 24;
    const dow = (Math.floor(local / DAY) + 4) % 7;
    offsets[b] = offset;
    afterHours[b] = isAfterHours(dow, hour) ? 1 : 0;
    cumulative[b] = total += hourWeight(dow, hour);
  }

  const dayLabels = new Map<number, Record<Lang, [long: string, weekday: string]>>();
  const labelsFor = (localDay: number) => {
    let labels = dayLabels.get(localDay);
    if (labels === undefined) {
      const d = new Date(localDay * DAY);
      const at = (lang: Lang): [string, string] => {
        const { weekdays, months, day } = LANGUAGES[lang];
        const weekday = weekdays[d.getUTCDay()]!;
        return [day(weekday, months[d.getUTCMonth()]!, d.getUTCDate()), weekday];
      };
      dayLabels.set(localDay, (labels = { en: at('en'), fr: at('fr') }));
    }
    return labels;
  };
  // Appointments fall on weekdays: day 0 of the epoch was a Thursday.
  const weekday = (localDay: number) => {
    const dow = (localDay + 4) % 7;
    return dow === 6 ? localDay + 2 : dow === 0 ? localDay + 1 : localDay;
  };

  const vals: string[] = new Array<string>(SLOT_COUNT).fill('');
  let state = 0;
  const rnd = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => (rnd() * n) | 0;
  const pick = <T>(items: readonly T[]): T => items[(rnd() * items.length) | 0]!;
  const fill = (slot: number, t: Template) => (vals[slot] = render(t, vals));

  // The conversation under construction: Vapi's artifact.messages (without the system prompt) and the transcript.
  let messages = '';
  let transcript = '';
  let clock = 0;
  let lastWasBot = false;
  let startMs = 0;
  // Epoch milliseconds are doubles, slow to print; split in small integers they print from caches and tables.
  let startHigh = 0;
  let startLow = 0;
  const epochText = (offsetMs: number): string => {
    let low = startLow + offsetMs;
    let high = startHigh;
    while (low >= 1_000_000) {
      low -= 1_000_000;
      high++;
    }
    return high === 0 ? String(low) : high + PAD3[(low / 1000) | 0]! + PAD3[low % 1000]!;
  };
  const say = (turn: Turn) => {
    const text = render(turn.text, vals);
    const bot = turn.bot;
    // Assistant turns after an assistant turn follow a tool call, hence the longer pause.
    clock += messages === '' ? 600 + rnd() * 600 : bot ? (lastWasBot ? 1500 + rnd() * 2500 : 700 + rnd() * 1100) : 500 + rnd() * 1000;
    const duration = (text.length * (52 + rnd() * 14) + 250) | 0;
    const offset = clock | 0;
    const hundredths = Math.round(clock / 10);
    messages +=
      MESSAGE_OPENINGS[(messages === '' ? 0 : 2) + (bot ? 0 : 1)]! +
      jsonText(text) +
      '","time":' +
      epochText(offset) +
      ',"endTime":' +
      epochText(offset + duration + 120) +
      ',"secondsFromStart":' +
      ((hundredths / 100) | 0) +
      HUNDREDTHS[hundredths % 100]! +
      ',"duration":' +
      duration +
      '}';
    transcript += (bot ? 'AI: ' : 'User: ') + text + '\n';
    clock += duration + 120;
    lastWasBot = bot;
  };
  const sayAll = (block: Block) => {
    for (const turn of block) say(turn);
  };

  function pickStatus(ageDays: number): CallStatus {
    const r = rnd();
    if (statusMix === 'archive') return r < 0.05 ? 'NEW' : r < 0.08 ? 'IN_PROGRESS' : r < 0.6 ? 'DONE' : 'ARCHIVED';
    // An inbox: the last two days untouched, last week being worked through, older calls handled.
    if (ageDays < 2) return r < 0.85 ? 'NEW' : 'IN_PROGRESS';
    if (ageDays < 7) return r < 0.45 ? 'NEW' : r < 0.75 ? 'IN_PROGRESS' : r < 0.95 ? 'DONE' : 'ARCHIVED';
    return r < 0.04 ? 'NEW' : r < 0.06 ? 'IN_PROGRESS' : r < 0.75 ? 'DONE' : 'ARCHIVED';
  }

  function next(index: number): GeneratedCallLog {
    state = mix32(seedMix ^ mix32(index >>> 0)) ^ Math.floor(index / 4294967296);

    const u = count ? Math.min((index + rnd()) / count, 0.9999999) : rnd();
    const target = u * total;
    let lo = 0;
    let hi = bucketCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    const below = lo > 0 ? cumulative[lo - 1]! : 0;
    startMs = Math.floor(firstMs + (lo + (target - below) / (cumulative[lo]! - below)) * HOUR);
    startHigh = Math.floor(startMs / 1_000_000);
    startLow = startMs - startHigh * 1_000_000;
    const localDay = Math.floor((startMs + offsets[lo]!) / DAY);

    const reason = (afterHours[lo] ? REASONS_AFTER_HOURS : REASONS_BUSINESS_HOURS)[int(1000)]!;
    const caller = callers[AREA_TABLE[int(AREA_TABLE.length)]! * 100 + int(100)]!;
    const phone = rnd() < 0.015 ? 'unknown' : caller.phone;
    const C = COMPILED[caller.lang];
    const R = C.reasons[reason];
    const profile = R.profile;
    const anonymous = rnd() < profile.anonymous;
    const patientKey: PatientKey = anonymous ? 'none' : R.patientTable ? pick(R.patientTable) : 'yes';
    const callbackKey: CallbackKey = profile.callback ?? (profile.wrapsUp ? pick(CALLBACKS) : 'NONE');
    const dentist = C.dentists[int(DENTISTS.length)]!;
    const wantsDentist = profile.asksDentist && rnd() < 0.6;
    const core = pick(R.cores);

    const oldDay = weekday(localDay + int(10));
    const day = weekday(oldDay + 1 + int(12));
    const day2 = weekday(day + 1 + int(4));
    const time = int(C.times.length);
    const [dayLong, dayName] = labelsFor(day)[caller.lang];
    const [oldLong, oldName] = labelsFor(oldDay)[caller.lang];

    vals[S.clinic] = clinicName;
    vals[S.agent] = C.pack.agent;
    vals[S.roster] = C.roster;
    vals[S.first] = anonymous ? '' : caller.first;
    vals[S.last] = anonymous ? '' : caller.last;
    vals[S.full] = anonymous ? '' : caller.full;
    vals[S.addrComma] = anonymous ? '' : caller.addrComma;
    vals[S.who] = anonymous ? C.pack.unknownCaller : caller.full;
    vals[S.e] = anonymous ? '' : caller.e;
    vals[S.il] = caller.il;
    vals[S.lastSpelled] = caller.lastSpelled;
    vals[S.dentistShort] = dentist.short;
    vals[S.dentistLong] = dentist.long;
    vals[S.day] = dayLong;
    vals[S.dayName] = dayName;
    vals[S.time] = C.times[time]!;
    vals[S.day2] = labelsFor(day2)[caller.lang][0];
    vals[S.time2] = C.times[(time + 1 + int(C.times.length - 1)) % C.times.length]!;
    vals[S.oldDay] = oldLong;
    vals[S.oldDayName] = oldName;
    vals[S.oldTime] = C.times[int(C.times.length)]!;
    for (const pool of R.pools) {
      const record = pick(pool);
      for (let i = 0; i < record.slots.length; i++) fill(record.slots[i]!, record.values[i]!);
    }
    const patient = C.patient[patientKey];
    const callback = C.callback[callbackKey];
    fill(S.patientAnswer, pick(patient.answers));
    fill(S.patientClause, patient.clause);
    fill(S.patientNoun, patient.noun);
    fill(S.cbAnswer, pick(callback.answers));
    fill(S.cbAck, callback.ack);
    fill(S.cbSentence, callback.sentence);
    fill(S.dentistAnswer, pick(wantsDentist ? C.dentistPreferred : C.dentistNone));

    messages = '';
    transcript = '';
    clock = 0;
    lastWasBot = false;
    say(C.greeting);
    const named = !anonymous && R.namedOpenings.length > 0 && rnd() < 0.4;
    say(pick(named ? R.namedOpenings : R.openings));
    if (!anonymous && !named) sayAll(pick(C.askName));
    if (anonymous && profile.extracted && rnd() < 0.5) sayAll(pick(C.declineName));
    if (R.patientTable && !anonymous) sayAll(pick(C.askPatient));
    if (profile.asksDentist) sayAll(pick(C.askDentist));
    sayAll(core.turns);
    let endedReason = profile.endedReason ?? 'customer-ended-call';
    if (profile.wrapsUp) {
      const r = rnd();
      const extras = !profile.smallTalk || r < 0.55 ? 0 : r < 0.8 ? 1 : r < 0.91 ? 2 : r < 0.97 ? 3 : 4;
      for (let i = 0, from = int(C.extras.length); i < extras; i++) sayAll(C.extras[(from + i) % C.extras.length]!);
      sayAll(pick(C.askCallback));
      const ending: Ending = rnd() < 0.55 ? 'assistant-ended-call' : 'customer-ended-call';
      sayAll(pick(C.closings[ending]));
      endedReason = ending;
    }
    messages += ']';

    const [tailMin, tailMax] = profile.tailSeconds;
    const durationMs = Math.min(360_000, Math.max(20_000, Math.round(clock + (tailMin + rnd() * (tailMax - tailMin)) * 1000)));
    const endMs = startMs + durationMs;
    const createdMs = endMs + 1500 + int(3000);
    const status = pickStatus((nowMs - startMs) / DAY);
    const updatedMs =
      status === 'NEW'
        ? createdMs
        : Math.min(nowMs, createdMs + (status === 'IN_PROGRESS' ? 300_000 + rnd() * 6 * HOUR : 600_000 + rnd() * 3 * DAY));

    const extracted = profile.extracted;
    const nameKnown = extracted && !anonymous;
    const firstName = nameKnown ? caller.first : null;
    const lastName = nameKnown ? caller.last : null;
    const preferred = extracted && (wantsDentist || core.dentist) ? dentist.stored : null;
    const detail = extracted && core.detail ? render(core.detail, vals) : null;
    const callReason: CallReason | null = reason === 'NONE' ? null : reason;
    const callbackPreference: CallbackPreference | null = callbackKey === 'NONE' || !extracted ? null : callbackKey;
    const structured = extracted
      ? '{"firstName":' +
        quoted(firstName) +
        ',"lastName":' +
        quoted(lastName) +
        ',"isExistingPatient":' +
        patient.raw +
        ',"reasonForCall":' +
        quoted(callReason && C.pack.rawReason[callReason]) +
        ',"callbackPreference":' +
        quoted(callback.raw) +
        ',"preferredDentist":' +
        quoted(preferred) +
        ',"detailedReason":' +
        quoted(detail) +
        '}'
      : null;
    const id = callId(startMs, seedMix, index, int(1024));
    // Vapi bills about five cents a minute here.
    const costUnits = Math.round((durationMs / 60_000) * (4500 + rnd() * 500));

    return {
      external_call_id: id,
      caller_first_name: firstName,
      caller_last_name: lastName,
      caller_phone_number: phone,
      is_existing_patient: patient.raw === null ? null : patient.raw ? 1 : 0,
      call_started_at: utcText(startMs),
      call_ended_at: utcText(endMs),
      call_duration_seconds: durationMs / 1000,
      reason_for_call: callReason,
      callback_preference: callbackPreference,
      summary: render(core.summary, vals),
      detailed_reason: detail,
      preferred_dentist: preferred,
      full_conversation_json: messages,
      raw_structured_data: structured,
      transcript_text: transcript,
      audio_recording_url: rnd() < 0.04 ? null : `https://storage.example.com/${id}-mono.wav`,
      cost: '0.' + String(costUnits).padStart(5, '0'),
      ended_reason: endedReason,
      status,
      created_at: utcText(createdMs),
      updated_at: utcText(updatedMs),
    };
  }

  return { next };
}
