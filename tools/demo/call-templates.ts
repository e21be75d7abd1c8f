import type { CallReason, CallbackPreference } from '../../src/db/database.js';

/**
 * The words behind generated call logs; call-log-generator.ts holds the logic.
 *
 * Text conventions, checked when the generator module loads:
 * - a turn starts with `AI: ` or `User: `, like a line of transcript_text;
 * - `{slot}` marks a value filled per call (names, dentist, dates, and the fields of the picked pool records);
 *   pool records may only use the call's own slots (the first list in call-log-generator.ts), not other records';
 * - no `"` or `\` anywhere, so the text goes into JSON columns without escaping.
 */

export type Lang = 'en' | 'fr';
/** `NONE`: the caller never said why they called, so nothing was extracted. */
export type ReasonKey = CallReason | 'NONE';
export type PatientKey = 'yes' | 'no' | 'unsure' | 'none';
export type CallbackKey = CallbackPreference | 'NONE';
export type Ending = 'assistant-ended-call' | 'customer-ended-call';

/** The middle of a conversation, with the summary and detailed reason that describe exactly that exchange. */
export interface CoreText {
  turns: readonly string[];
  summary: string;
  detail: string | null;
  /** The caller names one of the dentists in these turns, so it becomes preferred_dentist. */
  dentist?: boolean;
}

export type PoolRecord = Readonly<Record<string, string>>;

export interface ReasonText {
  /** One record is picked from each pool; its fields fill the slots of the same name. */
  pools: ReadonlyArray<readonly PoolRecord[]>;
  /** The caller's first line, giving their name; `openings` do not, so the assistant asks for it. */
  namedOpenings: readonly string[];
  openings: readonly string[];
  cores: readonly CoreText[];
}

export interface LanguagePack {
  agent: string;
  greeting: string;
  /** `{who}` when the caller kept their name to themselves. */
  unknownCaller: string;
  /** How the assistant addresses a caller by name: `, Daniel` or `, madame Côté`. */
  address: (first: string, last: string, female: boolean) => string;
  pronoun: { female: string; male: string };
  /** Feminine ending for French agreement (`patient{e}`); empty in English. */
  feminineEnding: string;
  weekdays: readonly string[];
  months: readonly string[];
  day: (weekday: string, month: string, dayOfMonth: number) => string;
  spelling: { apostrophe: string; hyphen: string; accents: Readonly<Record<string, string>> };
  dentist: (d: Dentist) => { stored: string; short: string; long: string };
  rosterJoin: (names: readonly string[]) => string;
  askName: readonly (readonly string[])[];
  declineName: readonly (readonly string[])[];
  askPatient: readonly (readonly string[])[];
  askDentist: readonly (readonly string[])[];
  askCallback: readonly (readonly string[])[];
  extras: readonly (readonly string[])[];
  closings: Readonly<Record<Ending, readonly (readonly string[])[]>>;
  patient: Readonly<Record<PatientKey, { answers: readonly string[]; clause: string; noun: string; raw: boolean | null }>>;
  callback: Readonly<Record<CallbackKey, { answers: readonly string[]; ack: string; sentence: string; raw: string }>>;
  dentistAnswers: { preferred: readonly string[]; none: readonly string[] };
  rawReason: Readonly<Record<CallReason, string>>;
  reasons: Readonly<Record<ReasonKey, ReasonText>>;
}

/** How each kind of call unfolds, whatever the language. Weights are per mille. */
export interface ReasonProfile {
  weight: { businessHours: number; afterHours: number };
  /** Answers to "are you already a patient?"; null: the question is not asked. */
  patient: Readonly<Record<Exclude<PatientKey, 'none'>, number>> | null;
  /** Share of callers who do not give their name (only where a name is not needed). */
  anonymous: number;
  asksDentist: boolean;
  /** The callback question and a goodbye after the core; false: the core ends the call. */
  wrapsUp: boolean;
  /** The caller may ask about parking, hours and the like before hanging up (not when cancelling). */
  smallTalk: boolean;
  /** Forced callback preference (an emergency wants a call back as soon as possible). */
  callback?: CallbackKey;
  endedReason?: string;
  /** False when the analysis extracted nothing: names, reason and structured data stay null. */
  extracted: boolean;
  /** Extra seconds on the line after the last transcribed turn (transfer to a person, silence). */
  tailSeconds: [min: number, max: number];
}

export const REASON_PROFILES: Readonly<Record<ReasonKey, ReasonProfile>> = {
  NEW_APPOINTMENT: {
    weight: { businessHours: 380, afterHours: 260 },
    patient: { yes: 55, no: 40, unsure: 5 },
    anonymous: 0,
    asksDentist: true,
    wrapsUp: true,
    smallTalk: true,
    extracted: true,
    tailSeconds: [0.5, 2],
  },
  RESCHEDULE: {
    weight: { businessHours: 180, afterHours: 90 },
    patient: null,
    anonymous: 0,
    asksDentist: false,
    wrapsUp: true,
    smallTalk: true,
    extracted: true,
    tailSeconds: [0.5, 2],
  },
  CANCELLATION: {
    weight: { businessHours: 120, afterHours: 110 },
    patient: null,
    anonymous: 0,
    asksDentist: false,
    wrapsUp: true,
    smallTalk: false,
    extracted: true,
    tailSeconds: [0.5, 2],
  },
  GENERAL_MESSAGE: {
    weight: { businessHours: 140, afterHours: 130 },
    patient: { yes: 75, no: 10, unsure: 15 },
    anonymous: 0.15,
    asksDentist: false,
    wrapsUp: true,
    smallTalk: true,
    extracted: true,
    tailSeconds: [0.5, 2],
  },
  // Rare in office hours, common at night: the after-hours weight brings the overall share near 5 %.
  EMERGENCY: {
    weight: { businessHours: 35, afterHours: 290 },
    patient: { yes: 70, no: 25, unsure: 5 },
    anonymous: 0,
    asksDentist: false,
    wrapsUp: false,
    smallTalk: false,
    callback: 'ANYTIME',
    endedReason: 'assistant-forwarded-call',
    extracted: true,
    tailSeconds: [30, 270],
  },
  OTHER: {
    weight: { businessHours: 80, afterHours: 50 },
    patient: { yes: 30, no: 30, unsure: 40 },
    anonymous: 0.3,
    asksDentist: false,
    wrapsUp: true,
    smallTalk: false,
    extracted: true,
    tailSeconds: [0.5, 2],
  },
  NONE: {
    weight: { businessHours: 65, afterHours: 70 },
    patient: null,
    anonymous: 1,
    asksDentist: false,
    wrapsUp: false,
    smallTalk: false,
    endedReason: 'silence-timed-out',
    extracted: false,
    tailSeconds: [8, 25],
  },
};

export interface Dentist {
  first: string;
  last: string;
  female: boolean;
}

export const DENTISTS: readonly Dentist[] = [
  { first: 'Sarah', last: 'Lin', female: true },
  { first: 'Amir', last: 'Haddad', female: false },
  { first: 'Geneviève', last: 'Tremblay', female: true },
  { first: 'Olivier', last: 'Bouchard', female: false },
];

/** Area code, share of French-speaking callers, weight. Local codes dominate, a few US numbers call too. */
export const AREA_CODES: ReadonlyArray<readonly [code: string, french: number, weight: number]> = [
  ['514', 0.7, 14], ['438', 0.65, 8], ['450', 0.75, 8], ['819', 0.8, 4], ['418', 0.9, 3], ['581', 0.85, 2],
  ['613', 0.3, 8], ['343', 0.3, 2], ['416', 0.05, 6], ['647', 0.05, 4], ['437', 0.05, 2], ['905', 0.05, 4],
  ['873', 0.8, 1], ['354', 0.8, 1], ['367', 0.9, 1], ['468', 0.8, 1], ['226', 0.05, 1], ['289', 0.05, 1],
  ['519', 0.05, 1], ['705', 0.1, 1], ['506', 0.35, 1], ['204', 0.05, 1], ['306', 0.02, 1], ['780', 0.02, 1],
  ['778', 0.02, 1], ['604', 0.02, 1], ['403', 0.02, 1], ['709', 0.02, 1], ['902', 0.1, 1],
  ['212', 0, 1], ['617', 0, 1], ['802', 0.05, 1], ['518', 0, 1], ['207', 0.05, 1], ['603', 0.02, 1], ['716', 0, 1],
];

export const FIRST_NAMES: Readonly<Record<Lang, { female: readonly string[]; male: readonly string[] }>> = {
  en: {
    female: ['Margaret', 'Emily', 'Sarah', 'Jessica', 'Aisha', 'Priya', 'Linda', 'Grace', 'Olivia', 'Chloe', 'Mei', 'Hannah', 'Fatima'],
    male: ['Daniel', 'Kevin', 'Luis', 'James', 'Michael', 'Ryan', 'David', 'Omar', 'Ethan', 'Raj', 'Minh', 'Liam', 'Noah'],
  },
  fr: {
    female: ['Hélène', 'Hélène', 'Zoé', 'Geneviève', 'Isabelle', 'Chloé', 'Émilie', 'Josée', 'Nathalie', 'Maude', 'Béatrice', 'Mélanie', 'Marie-Ève', 'Andrée'],
    male: ['François', 'François', 'Jérôme', 'Mathieu', 'Étienne', 'Luc', 'Benoît', 'Gabriel', 'Jean-François', 'Marc-André', 'Réjean', 'Noël', 'Stéphane', 'Hugo'],
  },
};

/** Surname and weight: the names people search for (Côté, Tremblay, O'Brien...) come up often. */
export const SURNAMES: Readonly<Record<Lang, ReadonlyArray<readonly [string, number]>>> = {
  en: [
    ['Smith', 6], ['Nguyen', 5], ["O'Brien", 5], ['Côté', 3], ['Tremblay', 3], ['Gagnon', 2], ['Roy', 2], ['Patel', 3],
    ['Wong', 2], ['Li', 2], ['Brown', 2], ['Wilson', 2], ['Johnson', 2], ['Okafor', 1], ['Singh', 2], ['MacDonald', 2],
    ['Campbell', 1], ['Williams', 2], ['Ortega', 1], ['Haddad', 1], ['Kowalski', 1], ['Rossi', 1], ['Whitfield', 1],
    ['Mohammed', 1], ['Chen', 2], ['Kim', 1], ['Martin', 2],
  ],
  fr: [
    ['Tremblay', 6], ['Côté', 6], ['Gagnon', 5], ['Roy', 5], ['Bélanger', 3], ['Lefèvre', 3], ['Bouchard', 3],
    ['Gauthier', 2], ['Lévesque', 2], ['Pelletier', 2], ['Gagné', 2], ['Bergeron', 2], ['Leblanc', 2], ['Morin', 2],
    ['Fortin', 2], ['Ouellet', 2], ['Thériault', 1], ['Nguyen', 2], ['Smith', 1], ["O'Brien", 1], ['Martin', 2],
    ['Lavoie', 2], ['Desjardins', 1], ['St-Pierre', 1],
  ],
};

/** Appointment times offered on the phone, English and French spelling of the same slot. */
export const APPOINTMENT_TIMES: ReadonlyArray<readonly [en: string, fr: string]> = [
  ['8:00 AM', '8 h'], ['8:30 AM', '8 h 30'], ['9:00 AM', '9 h'], ['9:30 AM', '9 h 30'], ['10:00 AM', '10 h'],
  ['10:15 AM', '10 h 15'], ['11:00 AM', '11 h'], ['11:30 AM', '11 h 30'], ['1:00 PM', '13 h'], ['1:30 PM', '13 h 30'],
  ['2:00 PM', '14 h'], ['2:45 PM', '14 h 45'], ['3:30 PM', '15 h 30'], ['4:15 PM', '16 h 15'], ['5:00 PM', '17 h'],
  ['6:00 PM', '18 h'],
];

const enAppointment = (noun: string) =>
  ({ mine: `my ${noun}`, yours: `your ${noun}`, gist: `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`, noun });
const frAppointment = (noun: string, feminine: boolean) =>
  ({ mine: `${feminine ? 'ma' : 'mon'} ${noun}`, yours: `votre ${noun}`, gist: `${feminine ? 'une' : 'un'} ${noun}`, noun });

const EN_APPOINTMENTS = ['cleaning', 'filling', 'check-up', 'crown fitting', 'root canal', 'consultation', 'hygiene visit'].map(enAppointment);
const FR_APPOINTMENTS = [
  frAppointment('nettoyage', false), frAppointment('plombage', false), frAppointment('examen', false),
  frAppointment('pose de couronne', true), frAppointment('traitement de canal', false),
  frAppointment('consultation', true), frAppointment("visite chez l'hygiéniste", true),
];

const en: LanguagePack = {
  agent: 'Ava',
  greeting: 'AI: Thank you for calling {clinic}, this is {agent}, the virtual receptionist. How can I help you today?',
  unknownCaller: 'The caller',
  address: (first) => `, ${first}`,
  pronoun: { female: 'she', male: 'he' },
  feminineEnding: '',
  weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  day: (weekday, month, dayOfMonth) => `${weekday}, ${month} ${dayOfMonth}`,
  spelling: {
    apostrophe: 'apostrophe',
    hyphen: 'hyphen',
    accents: { é: 'E with an acute accent', è: 'E with a grave accent', ê: 'E with a circumflex', ô: 'O with a circumflex', ç: 'C with a cedilla', ë: 'E with two dots', î: 'I with a circumflex' },
  },
  dentist: (d) => ({ stored: `Dr. ${d.first} ${d.last}`, short: `Dr. ${d.last}`, long: `Dr. ${d.first} ${d.last}` }),
  rosterJoin: (names) => `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`,
  askName: [
    ['AI: Could I get your first and last name, please?', 'User: {full}.'],
    ['AI: May I have your name, please?', "User: It's {full}."],
    ['AI: Can I get your full name?', 'User: {full}.', 'AI: And how do you spell your last name?', 'User: {lastSpelled}.'],
  ],
  declineName: [
    ['AI: May I have your name, please?', "User: I'd rather not give it, I just have a quick question."],
    ['AI: Can I get your name for the message?', "User: You don't need it, it's just a quick question."],
  ],
  askPatient: [
    ['AI: Thank you{addrComma}. Are you already a patient with us?', 'User: {patientAnswer}'],
    ['AI: Have you been to {clinic} before, or would you be a new patient?', 'User: {patientAnswer}'],
  ],
  askDentist: [
    ['AI: Do you have a preference for one of our dentists? We have {roster}.', 'User: {dentistAnswer}'],
    ['AI: Would you like to see a particular dentist?', 'User: {dentistAnswer}'],
  ],
  askCallback: [
    ['AI: If our team needs to reach you, when is the best time to call?', 'User: {cbAnswer}'],
    ['AI: And when do you prefer to be called back?', 'User: {cbAnswer}'],
  ],
  extras: [
    ['User: Oh, one more thing. Is there parking at the clinic?', "AI: Yes, there's free parking behind the building, and more on the street."],
    ['User: Do you bill insurance directly?', 'AI: Yes, we bill most insurers directly, including Sun Life, Manulife and Canada Life. Just bring your card.'],
    ['User: What are your hours on Saturdays?', "AI: On Saturdays we're open from 9 AM to 2 PM."],
    ['User: Is the clinic wheelchair accessible?', "AI: Yes, there's an elevator, and the entrance is step-free."],
    ['User: Can I fill out the forms online?', "AI: Yes, we'll text you a link to the forms before your visit."],
    ['User: Do you see children too?', 'AI: Absolutely, we see patients of all ages, including young children.'],
    ['User: How long does a visit usually take?', 'AI: About an hour for a first visit, and forty-five minutes after that.'],
    ['User: Is there a bus stop nearby?', "AI: Yes, there's a stop right at the corner, about a one-minute walk."],
  ],
  closings: {
    'assistant-ended-call': [
      ['AI: {cbAck} Is there anything else I can help you with today?', "User: No, that's it. Thanks a lot.", "AI: You're welcome{addrComma}. Have a great day!"],
      ['AI: {cbAck} Anything else I can do for you?', "User: No, that's all. Thank you.", 'AI: Take care{addrComma}. Goodbye!'],
    ],
    'customer-ended-call': [
      ['AI: {cbAck} Is there anything else I can help with?', "User: Nope, that's everything. Bye!"],
      ['AI: {cbAck} Anything else?', 'User: No, thanks, bye.'],
    ],
  },
  patient: {
    yes: { answers: ["Yes, I've been coming for a few years.", 'Yes, I am.', 'Yeah, my whole family comes to you.'], clause: ', an existing patient,', noun: 'Existing patient', raw: true },
    no: { answers: ['No, it would be my first time.', 'No, I just moved to the area.'], clause: ', a new patient,', noun: 'New patient', raw: false },
    unsure: { answers: ["Honestly, I'm not sure. Maybe once, a long time ago.", "I think so? It's been a while."], clause: ', who was not sure about being a patient already,', noun: 'Caller unsure of patient status', raw: null },
    none: { answers: [''], clause: '', noun: 'Caller', raw: null },
  },
  callback: {
    MORNING: { answers: ['Mornings are best. Before noon.', 'In the morning, please.'], ack: 'Noted, mornings.', sentence: ' Prefers a callback in the morning.', raw: 'morning' },
    AFTERNOON: { answers: ['Afternoons are usually better for me.', 'After lunch works best.'], ack: 'Afternoons, got it.', sentence: ' Prefers a callback in the afternoon.', raw: 'afternoon' },
    EVENING: { answers: ["After five, I'm at work all day.", 'Evenings, please.'], ack: 'Evenings, noted.', sentence: ' Prefers a callback in the evening.', raw: 'evening' },
    ANYTIME: { answers: ["Whenever, doesn't matter.", 'Any time is fine.'], ack: 'No problem.', sentence: ' Can be called back at any time.', raw: 'anytime' },
    NONE: { answers: ["Hmm, I'm not sure. It depends on the day.", "I'll call back myself if I miss you."], ack: 'Alright.', sentence: '', raw: 'depends on the day' },
  },
  dentistAnswers: {
    preferred: ['A coworker recommended {dentistShort}, so if possible.', '{dentistShort}, please.', "I'd like to see {dentistShort}."],
    none: ['No preference, whoever is available first.', 'Whoever has the earliest opening.'],
  },
  rawReason: {
    NEW_APPOINTMENT: 'new_appointment', CANCELLATION: 'cancellation', RESCHEDULE: 'reschedule',
    GENERAL_MESSAGE: 'general_message', EMERGENCY: 'emergency', OTHER: 'other',
  },
  reasons: {
    NEW_APPOINTMENT: {
      pools: [[
        { topic: 'a cleaning and a check-up', gist: 'a cleaning and check-up' },
        { topic: 'a cleaning', gist: 'a cleaning' },
        { topic: 'a check-up for my two kids', gist: 'check-ups for two children' },
        { topic: 'a filling, I think I have a cavity', gist: 'a filling for a suspected cavity' },
        { topic: 'a consultation about Invisalign', gist: 'an Invisalign consultation' },
        { topic: 'teeth whitening', gist: 'teeth whitening' },
        { topic: 'a wisdom tooth consultation', gist: 'a wisdom tooth consultation' },
        { topic: 'a crown, my old dentist said I need one', gist: 'a crown assessment' },
      ]],
      namedOpenings: ["Hi, this is {full}. I'd like to book {topic}.", "Hello, my name is {full}, I'm calling to make an appointment for {topic}."],
      openings: ["Hi, yeah. I'd like to book {topic}.", "Hello, I'm calling to make an appointment for {topic}.", 'Hi there, do you have any openings for {topic}?'],
      cores: [
        {
          turns: [
            'AI: Let me check availability with {dentistShort}.',
            'AI: {dentistShort} has {day} at {time}, or {day2} at {time2}. Do either of those work for you?',
            'User: {dayName} at {time} works.',
            "AI: Perfect. You're all set for {day} at {time} with {dentistShort}. Please arrive about fifteen minutes early to fill out your forms.",
          ],
          summary: '{who}{patientClause} called to book {gist}. {agent} booked the visit with {dentistLong} on {day} at {time}.{cbSentence}',
          detail: '{patientNoun} requesting {gist}. Booked {day} at {time} with {dentistShort}.',
        },
        {
          turns: [
            "AI: I'll pass your request to our team. The next openings with {dentistShort} are {day} at {time} and {day2} at {time2}. Which would you prefer?",
            "User: The second one, if it's still free.",
            'AI: Noted. The team will call you to confirm {day2} at {time2} with {dentistShort}.',
          ],
          summary: '{who}{patientClause} asked for {gist}. A request was sent for {day2} at {time2} with {dentistLong}; the team must call back to confirm.{cbSentence}',
          detail: '{patientNoun} requesting {gist}. Wants {day2} at {time2} with {dentistShort}; team to confirm.',
        },
        {
          turns: [
            'AI: Let me look at the schedule.',
            "AI: I'm sorry, {dentistShort} is fully booked this week. The earliest opening is {day} at {time}. Would you like that? I can also put you on the cancellation list.",
            'User: Book me for that, and yes, the cancellation list too.',
            'User: If something opens up earlier, I can come on short notice.',
            "AI: Done. You're booked for {day} at {time}, and I've added you to the cancellation list.",
          ],
          summary: '{who}{patientClause} called to book {gist}. Booked with {dentistLong} on {day} at {time} and added to the cancellation list for an earlier spot.{cbSentence}',
          detail: '{patientNoun} requesting {gist}. Booked {day} at {time} with {dentistShort}; on the cancellation list.',
        },
      ],
    },
    RESCHEDULE: {
      pools: [EN_APPOINTMENTS, [
        { cause: "I'm going to be out of town for work.", why: 'a work trip' },
        { cause: 'My daughter has a school recital that day.', why: 'a family conflict' },
        { cause: 'I have a last-minute meeting.', why: 'a work conflict' },
        { cause: "I'm sick, I've got the flu.", why: 'illness' },
        { cause: 'My car is in the shop.', why: 'no transportation' },
      ]],
      namedOpenings: ["Hey, it's {full}. I've got {mine} on {oldDayName}. Can I move it?", 'Hi, this is {full}. I need to reschedule {mine}.'],
      openings: ['Hi, I need to move {mine} on {oldDayName}.', 'Hello, I have to reschedule an appointment.'],
      cores: [
        {
          turns: [
            'AI: Thanks{addrComma}. Let me find your appointment first.',
            'AI: I see {yours} with {dentistShort} on {oldDay} at {oldTime}. What days work better for you?',
            'User: Anything later, ideally late in the day. {cause}',
            'AI: {dentistShort} has {day} at {time} or {day2} at {time2}.',
            'User: {dayName} at {time}, please.',
            "AI: Done. You're now booked for {day} at {time} with {dentistShort}.",
          ],
          summary: '{who} rescheduled {gist} with {dentistLong} from {oldDay} at {oldTime} to {day} at {time} because of {why}.{cbSentence}',
          detail: 'Moved {noun} from {oldDay} at {oldTime} to {day} at {time} with {dentistShort} ({why}).',
          dentist: true,
        },
        {
          turns: [
            'AI: Of course. Let me look that up.',
            'AI: I have {yours} with {dentistShort} on {oldDay} at {oldTime}. Is that the one?',
            "User: Yes, that's it. {cause}",
            'AI: No problem. The next openings are {day} at {time} and {day2} at {time2}.',
            'User: The first one is good.',
            "AI: You're all set for {day} at {time}. I've cancelled the {oldDayName} appointment.",
          ],
          summary: '{who} moved {gist} with {dentistLong} from {oldDay} at {oldTime} to {day} at {time} ({why}).{cbSentence}',
          detail: 'Rescheduled {noun} with {dentistShort} from {oldDay} at {oldTime} to {day} at {time}; reason: {why}.',
          dentist: true,
        },
      ],
    },
    CANCELLATION: {
      pools: [EN_APPOINTMENTS, [
        { cause: 'My husband is having surgery that day.', why: "a spouse's surgery" },
        { cause: "I'm sick, I've got the flu.", why: 'illness' },
        { cause: "I lost my job, so I can't afford it right now.", why: 'financial reasons' },
        { cause: "We're moving out of town.", why: 'a move out of town' },
        { cause: 'I have to work that day.', why: 'a work conflict' },
      ]],
      namedOpenings: ['Hello, this is {full}. I have an appointment on {oldDayName} that I need to cancel.', 'Hi, it is {full}, I have to cancel {mine}.'],
      openings: ['Hi, I need to cancel an appointment.', "Hello, I'm calling to cancel {mine} on {oldDayName}."],
      cores: [
        {
          turns: [
            "AI: I'm sorry to hear that{addrComma}. Let me look that up.",
            'AI: I see {yours} with {dentistShort} on {oldDay} at {oldTime}. Would you like me to cancel it, or move it to another day?',
            'User: Just cancel it for now, please. {cause}',
            "AI: Of course. Your {oldDayName} appointment is cancelled. I'll ask the team to call you to rebook.",
          ],
          summary: '{who} cancelled {gist} with {dentistLong} scheduled for {oldDay} at {oldTime} because of {why}. The team should call to rebook later.{cbSentence}',
          detail: 'Cancelled {noun} on {oldDay} at {oldTime} with {dentistShort} ({why}); wants a call to rebook.',
          dentist: true,
        },
        {
          turns: [
            "AI: Sure, I can help with that. Is the number you're calling from the one on your file?",
            'User: Yes, it should be.',
            'AI: Thank you. I have {yours} on {oldDay} at {oldTime} with {dentistShort}.',
            "User: That's the one. {cause} I'll call back when I know more.",
            "AI: Understood. The appointment is cancelled. If you can, please give us 24 hours' notice next time to avoid a late-cancellation fee.",
          ],
          summary: '{who} cancelled {gist} with {dentistLong} on {oldDay} at {oldTime} ({why}) and will call back to rebook. Reminded of the 24-hour cancellation policy.{cbSentence}',
          detail: 'Cancelled {noun} ({oldDay} at {oldTime}) with {dentistShort}: {why}. Will call back to rebook.',
          dentist: true,
        },
      ],
    },
    GENERAL_MESSAGE: {
      pools: [[
        { ask: 'I wanted to know if you bill Sun Life directly.', gist: 'asked whether the clinic bills Sun Life directly', note: 'Asks if the clinic direct-bills Sun Life; front desk to confirm coverage.' },
        { ask: 'I need a copy of my last X-rays sent to my orthodontist.', gist: 'asked for the latest X-rays to be sent to an orthodontist', note: 'Wants the latest X-rays sent to the orthodontist; needs a signed release.' },
        { ask: 'I need a receipt from my last visit for my insurance claim.', gist: 'needs a receipt from the last visit for an insurance claim', note: 'Requests a receipt for the last visit (insurance claim).' },
        { ask: "I moved, and I'd like to update my address and email on file.", gist: 'wants to update the address and email on file', note: 'Update address and email on the patient file.' },
        { ask: 'I think I was charged twice for my last cleaning.', gist: 'reported a possible double charge for the last cleaning', note: 'Possible duplicate charge for the last cleaning; billing to review.' },
        { ask: 'I have a question about the medication I got after my extraction.', gist: 'had a question about the medication prescribed after an extraction', note: 'Question about post-extraction medication; dentist to call back.' },
        { ask: "My son's retainer cracked, and I want to know what to do.", gist: 'reported a cracked retainer and asked what to do', note: 'Cracked retainer (child); asks whether to keep wearing it until seen.' },
      ]],
      namedOpenings: ['Hi, this is {full}. {ask}', 'Hello, {full} speaking. {ask}'],
      openings: ['Hi. {ask}', 'Hello, I have a quick question. {ask}'],
      cores: [
        {
          turns: ["AI: I can leave a message for the team about that{addrComma}. They'll follow up with you.", 'User: Great, thank you.', 'AI: My pleasure. I have written it down.'],
          summary: '{who}{patientClause} {gist}. {agent} left a message for the front desk.{cbSentence}',
          detail: '{note}',
        },
        {
          turns: ['AI: Is your message for a particular dentist?', 'User: For {dentistShort}, please.', "AI: Got it. I'll pass the message to {dentistShort} and the front desk."],
          summary: '{who}{patientClause} {gist}. The message was passed to {dentistLong} and the front desk.{cbSentence}',
          detail: '{note} For {dentistShort}.',
          dentist: true,
        },
        {
          turns: ["AI: Thanks for letting us know. I've written that down.", 'User: Will someone call me back today?', 'AI: The front desk returns messages within one business day, usually sooner.'],
          summary: '{who}{patientClause} {gist}. The front desk will follow up within one business day.{cbSentence}',
          detail: '{note}',
        },
      ],
    },
    EMERGENCY: {
      pools: [[
        { ask: 'I have really bad tooth pain. It started last night and now my cheek is swelling up.', gist: 'severe tooth pain and facial swelling since the previous night', note: 'Severe toothache with facial swelling since last night', pain: "Bottom left, in the back. It's like an eight. Ibuprofen isn't really doing anything." },
        { ask: 'I fell and broke my front tooth. There is a sharp edge and it really hurts.', gist: 'a front tooth broken in a fall, with a sharp edge and pain', note: 'Broken front tooth after a fall; sharp edge, pain', pain: "It's the top front one. Maybe a six, but cold air makes it a nine." },
        { ask: 'My son got hit with a hockey puck and his tooth got knocked out.', gist: 'a child whose permanent tooth was knocked out by a hockey puck', note: "Child's tooth knocked out by a hockey puck; tooth kept in milk", pain: "It's his top front tooth. We put it in milk like the coach said." },
        { ask: "I had a tooth pulled yesterday and it won't stop bleeding.", gist: 'bleeding that has not stopped since an extraction the day before', note: "Persistent bleeding after yesterday's extraction", pain: 'The pain is maybe a five, but the gauze keeps filling with blood.' },
        { ask: 'My crown came off and the tooth underneath is killing me.', gist: 'a lost crown and strong pain in the exposed tooth', note: 'Crown came off; exposed tooth very painful', pain: "Upper right. It's an eight when I breathe in." },
        { ask: "There's a big painful bump on my gum and it tastes bad.", gist: 'a painful gum swelling with a bad taste, possibly an abscess', note: 'Painful gum swelling with bad taste (possible abscess)', pain: 'Lower right. It throbs, maybe a seven.' },
      ]],
      namedOpenings: ['Hi, this is {full}. {ask}'],
      openings: ['Hi. {ask}', 'Hello? {ask}'],
      cores: [
        {
          turns: [
            "AI: I'm sorry you're going through this{addrComma}. Which tooth is it, and how bad is the pain on a scale of one to ten?",
            'User: {pain}',
            'AI: Do you have a fever, trouble swallowing, or trouble breathing?',
            'User: No fever. Swallowing is fine.',
            'AI: Thank you. That needs to be seen by a dentist today. If we get disconnected, when should the office call you back?',
            'User: As soon as possible, honestly. Any time.',
            'AI: Understood. Please hold while I connect you to our on-call dentist.',
          ],
          summary: '{who}{patientClause} called with {gist}. No fever or trouble swallowing. {agent} transferred the call to the on-call dentist; callback wanted as soon as possible.',
          detail: '{note}; no fever, swallowing normal. Transferred to the on-call dentist.',
        },
        {
          turns: [
            "AI: I'm sorry to hear that. Is there one of our dentists you would prefer to see?",
            'User: {dentistShort}, if possible.',
            'AI: Thank you. Can you tell me a bit more? Which tooth, and how much pain?',
            'User: {pain}',
            'AI: I am going to connect you to the on-call dentist right away. If the call drops, they will call you back at this number.',
            'User: Okay, thank you.',
            'AI: Transferring you now. Please stay on the line.',
          ],
          summary: '{who}{patientClause} called with {gist} and asked for {dentistLong}. The call was transferred to the on-call dentist; callback wanted as soon as possible.',
          detail: '{note}. Asked for {dentistShort}; transferred to the on-call dentist.',
          dentist: true,
        },
      ],
    },
    OTHER: {
      pools: [[
        { ask: 'I was told I need an implant, and my insurance is Manulife. Can you send them a pre-authorization?', gist: 'asked the clinic to send an implant pre-authorization to Manulife', note: 'Wants a pre-authorization sent to Manulife for an implant; billing team to call back.' },
        { ask: "I'm a dental hygienist and I'd like to drop off my résumé.", gist: 'asked about hygienist openings and where to send a résumé', note: 'Job inquiry (dental hygienist); résumé to be sent to the office manager.' },
        { ask: "I'm calling from a dental supply company, I'd like to speak to the office manager.", gist: 'is a sales representative from a dental supply company and asked for the office manager', note: 'Sales call from a dental supply company for the office manager.' },
        { ask: 'I think I left my glasses in the waiting room yesterday.', gist: 'reported glasses possibly left in the waiting room yesterday', note: 'Lost glasses, possibly in the waiting room yesterday.' },
        { ask: 'Are you open on statutory holidays?', gist: 'asked about opening hours on statutory holidays', note: 'Question about holiday opening hours.' },
        { ask: 'Do you offer sedation for anxious patients?', gist: 'asked whether the clinic offers sedation for anxious patients', note: 'Asks about sedation options for dental anxiety.' },
      ]],
      namedOpenings: ['Hi, my name is {full}. {ask}'],
      openings: ['Hi, quick question. {ask}', 'Hello. {ask}'],
      cores: [
        {
          turns: ["AI: I'll pass that along to the right person{addrComma}. Someone will get back to you.", 'User: Okay, thanks.', "AI: You're welcome."],
          summary: '{who}{patientClause} {gist}. A message was left for the team.{cbSentence}',
          detail: '{note}',
        },
        {
          turns: ["AI: That's a good question. I don't have that information, but the team can answer it.", "User: Okay, that's fine.", "AI: I've noted your request for the office."],
          summary: '{who}{patientClause} {gist}. The assistant could not answer and left a note for the office.{cbSentence}',
          detail: '{note}',
        },
      ],
    },
    NONE: {
      pools: [],
      namedOpenings: [],
      openings: ["Hello? Hi, I'm calling about... sorry, hold on.", 'Hi, um, yes, I was calling to... one second.'],
      cores: [
        {
          turns: ['AI: Of course, take your time.', 'AI: Are you still there?', 'User: Sorry, one second, I have another call.', "AI: No problem, I'll wait.", "AI: I haven't heard anything for a while, so I'll end the call now. Please call us back anytime. Goodbye!"],
          summary: 'The caller put the call on hold before giving a reason, and the call ended after a long silence.',
          detail: null,
        },
        {
          turns: ["AI: Sorry, I didn't catch that. Could you repeat?", 'User: Yeah, I wanted to ask about... hang on.', "AI: Sure, I'm here.", 'AI: Hello? Are you still on the line?', "AI: It seems we've lost the connection. Please call us back anytime. Goodbye!"],
          summary: 'The caller started to ask a question but stopped responding; no reason was given.',
          detail: null,
        },
      ],
    },
  },
};

const fr: LanguagePack = {
  agent: 'Léa',
  greeting: "AI: {clinic}, bonjour! Ici {agent}, l'assistante virtuelle. Comment puis-je vous aider? Hello, how can I help you?",
  unknownCaller: 'La personne',
  address: (_first, last, female) => `, ${female ? 'madame' : 'monsieur'} ${last}`,
  pronoun: { female: 'elle', male: 'il' },
  feminineEnding: 'e',
  weekdays: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  months: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  day: (weekday, month, dayOfMonth) => `${weekday} ${dayOfMonth === 1 ? '1er' : dayOfMonth} ${month}`,
  spelling: {
    apostrophe: 'apostrophe',
    hyphen: "trait d'union",
    accents: { é: 'E accent aigu', è: 'E accent grave', ê: 'E accent circonflexe', ô: 'O accent circonflexe', ç: 'C cédille', ë: 'E tréma', î: 'I accent circonflexe' },
  },
  dentist: (d) => {
    const title = d.female ? 'Dre' : 'Dr';
    const article = d.female ? 'la' : 'le';
    return { stored: `${title} ${d.first} ${d.last}`, short: `${article} ${title} ${d.last}`, long: `${article} ${title} ${d.first} ${d.last}` };
  },
  rosterJoin: (names) => `${names.slice(0, -1).join(', ')} et ${names.at(-1) ?? ''}`,
  askName: [
    ["AI: Puis-je avoir votre prénom et votre nom, s'il vous plaît?", 'User: {full}.'],
    ["AI: À quel nom, s'il vous plaît?", "User: C'est {full}."],
    ['AI: Puis-je avoir votre nom complet?', 'User: {full}.', "AI: Pourriez-vous m'épeler votre nom de famille?", 'User: {lastSpelled}.'],
  ],
  declineName: [
    ["AI: Puis-je avoir votre nom, s'il vous plaît?", "User: J'aimerais mieux pas, c'est juste une petite question."],
    ['AI: À quel nom puis-je laisser le message?', "User: Pas besoin, c'est juste une question rapide."],
  ],
  askPatient: [
    ['AI: Merci{addrComma}. Êtes-vous déjà patient{e} chez nous?', 'User: {patientAnswer}'],
    ['AI: Est-ce que vous êtes déjà venu{e} à la clinique?', 'User: {patientAnswer}'],
  ],
  askDentist: [
    ['AI: Avez-vous une préférence parmi nos dentistes? Nous avons {roster}.', 'User: {dentistAnswer}'],
    ['AI: Souhaitez-vous voir un dentiste en particulier?', 'User: {dentistAnswer}'],
  ],
  askCallback: [
    ["AI: À quel moment préférez-vous qu'on vous rappelle?", 'User: {cbAnswer}'],
    ["AI: Si l'équipe doit vous joindre, quel est le meilleur moment?", 'User: {cbAnswer}'],
  ],
  extras: [
    ["User: Ah, autre chose. Est-ce qu'il y a du stationnement?", "AI: Oui, il y a un stationnement gratuit derrière l'édifice, et de la place dans la rue."],
    ['User: Est-ce que vous facturez directement les assurances?', 'AI: Oui, nous facturons directement la plupart des assureurs, dont la Sun Life, la Manuvie et la Canada Vie. Apportez simplement votre carte.'],
    ['User: Quelles sont vos heures le samedi?', 'AI: Le samedi, nous sommes ouverts de 9 h à 14 h.'],
    ['User: La clinique est-elle accessible en fauteuil roulant?', "AI: Oui, il y a un ascenseur et l'entrée est de plain-pied."],
    ['User: Est-ce que je peux remplir les formulaires en ligne?', 'AI: Oui, on vous enverra un lien par texto avant votre visite.'],
    ['User: Est-ce que vous voyez aussi les enfants?', 'AI: Bien sûr, nous recevons des patients de tous les âges, y compris les jeunes enfants.'],
    ['User: Combien de temps dure une visite, en général?', 'AI: Environ une heure pour une première visite, et quarante-cinq minutes ensuite.'],
    ["User: Y a-t-il un arrêt d'autobus près de la clinique?", 'AI: Oui, il y a un arrêt juste au coin de la rue.'],
  ],
  closings: {
    'assistant-ended-call': [
      ['AI: {cbAck} Puis-je faire autre chose pour vous?', "User: Non, c'est tout. Merci beaucoup, bonne journée!", 'AI: Merci à vous{addrComma}. Bonne journée!'],
      ['AI: {cbAck} Y a-t-il autre chose?', "User: Non, merci, c'est parfait.", "AI: Au revoir{addrComma}, et merci d'avoir appelé!"],
    ],
    'customer-ended-call': [
      ['AI: {cbAck} Puis-je vous aider avec autre chose?', 'User: Non, merci. Bonne journée, au revoir!'],
      ['AI: {cbAck} Autre chose?', "User: Non, c'est beau, merci. Bye!"],
    ],
  },
  patient: {
    yes: { answers: ['Oui, ça fait quelques années.', 'Oui, toute ma famille vient chez vous.', 'Oui, depuis longtemps.'], clause: ', patient{e} existant{e},', noun: 'Patient{e} existant{e}', raw: true },
    no: { answers: ['Non, ce serait la première fois.', 'Non, je viens de déménager dans le coin.'], clause: ", qui n'est pas encore patient{e},", noun: 'Pas encore patient{e}', raw: false },
    unsure: { answers: ['Honnêtement, je ne sais pas. Peut-être une fois, il y a longtemps.', 'Je pense que oui? Ça fait longtemps.'], clause: ', qui ne sait pas si {il} est déjà patient{e},', noun: 'Ne sait pas si {il} est déjà patient{e}', raw: null },
    none: { answers: [''], clause: '', noun: 'Personne', raw: null },
  },
  callback: {
    MORNING: { answers: ["Le matin, c'est mieux. Avant midi.", "En matinée, s'il vous plaît."], ack: "C'est noté, en matinée.", sentence: ' Souhaite être rappelé{e} le matin.', raw: 'Matin' },
    AFTERNOON: { answers: ["L'après-midi, c'est mieux. Le matin, je travaille.", 'Après le dîner, idéalement.'], ack: "C'est noté, en après-midi.", sentence: ' Souhaite être rappelé{e} en après-midi.', raw: 'Après-midi' },
    EVENING: { answers: ['En fin de journée, après 17 h.', "Le soir, s'il vous plaît."], ack: 'Parfait, en soirée.', sentence: ' Souhaite être rappelé{e} en soirée.', raw: 'Soir' },
    ANYTIME: { answers: ["N'importe quand, ça ne me dérange pas.", 'Quand vous voulez.'], ack: 'Très bien.', sentence: ' Peut être rappelé{e} à tout moment.', raw: "N'importe quand" },
    NONE: { answers: ['Ça dépend des journées, je ne sais pas trop.', 'Je vais rappeler moi-même si je vous manque.'], ack: "D'accord.", sentence: '', raw: 'Ça dépend' },
  },
  dentistAnswers: {
    preferred: ["J'aimerais voir {dentistShort}, si possible.", "Une amie m'a recommandé {dentistShort}.", "Avec {dentistShort}, si c'est possible."],
    none: ['Peu importe, la première personne disponible.', 'Pas de préférence.'],
  },
  rawReason: {
    NEW_APPOINTMENT: 'Nouveau rendez-vous', CANCELLATION: 'Annulation', RESCHEDULE: 'Changement de rendez-vous',
    GENERAL_MESSAGE: 'Message général', EMERGENCY: 'Urgence', OTHER: 'Autre',
  },
  reasons: {
    NEW_APPOINTMENT: {
      pools: [[
        { topic: 'un nettoyage', gist: 'un nettoyage (détartrage)' },
        { topic: 'un examen et un nettoyage', gist: 'un examen et un nettoyage' },
        { topic: 'un examen pour mes deux enfants', gist: 'des examens pour deux enfants' },
        { topic: "un plombage, je pense que j'ai une carie", gist: 'une obturation pour une carie possible' },
        { topic: 'une consultation pour Invisalign', gist: 'une consultation Invisalign' },
        { topic: 'un blanchiment des dents', gist: 'un blanchiment des dents' },
        { topic: 'mes dents de sagesse', gist: 'une consultation pour les dents de sagesse' },
      ]],
      namedOpenings: ["Oui, bonjour. C'est {full}. J'aimerais prendre rendez-vous pour {topic}.", "Bonjour, {full} à l'appareil. Je voudrais un rendez-vous pour {topic}."],
      openings: ["Bonjour, j'aimerais prendre rendez-vous pour {topic}.", "Oui, bonjour, je voudrais un rendez-vous pour {topic}, s'il vous plaît.", 'Bonjour! Avez-vous des disponibilités pour {topic}?'],
      cores: [
        {
          turns: [
            'AI: Je regarde les disponibilités avec {dentistShort}.',
            "AI: J'ai une place le {day} à {time}, ou le {day2} à {time2}. Qu'est-ce qui vous conviendrait?",
            'User: Le {dayName} à {time}, ce serait parfait.',
            "AI: C'est noté pour le {day} à {time} avec {dentistShort}. Merci d'arriver une quinzaine de minutes à l'avance.",
          ],
          summary: '{who}{patientClause} a appelé pour prendre rendez-vous pour {gist}. {agent} a réservé le {day} à {time} avec {dentistLong}.{cbSentence}',
          detail: '{patientNoun}; demande {gist}. Réservé le {day} à {time} avec {dentistShort}.',
        },
        {
          turns: [
            "AI: Je transmets votre demande à l'équipe. Les prochaines disponibilités avec {dentistShort} sont le {day} à {time} et le {day2} à {time2}. Laquelle préférez-vous?",
            "User: La deuxième, si c'est encore libre.",
            "AI: Parfait. L'équipe vous rappellera pour confirmer le {day2} à {time2} avec {dentistShort}.",
          ],
          summary: "{who}{patientClause} souhaite {gist} avec {dentistLong}, idéalement le {day2} à {time2}. L'équipe doit rappeler pour confirmer le rendez-vous.{cbSentence}",
          detail: "{patientNoun}; souhaite {gist} le {day2} à {time2} avec {dentistShort}; l'équipe doit confirmer.",
        },
        {
          turns: [
            "AI: Je vérifie l'horaire.",
            "AI: Désolée, il n'y a plus de place cette semaine avec {dentistShort}. La première place libre est le {day} à {time}. Est-ce que ça vous va? Je peux aussi vous inscrire sur la liste d'annulation.",
            "User: Oui, réservez-moi ça. Et la liste d'annulation aussi, s'il vous plaît.",
            "AI: C'est fait. Vous êtes inscrit{e} le {day} à {time}, et sur la liste d'annulation.",
          ],
          summary: "{who}{patientClause} a appelé pour {gist}. Rendez-vous réservé le {day} à {time} avec {dentistLong}, avec inscription sur la liste d'annulation.{cbSentence}",
          detail: "{patientNoun}; demande {gist}. Réservé le {day} à {time} avec {dentistShort}; sur la liste d'annulation.",
        },
      ],
    },
    RESCHEDULE: {
      pools: [FR_APPOINTMENTS, [
        { cause: "Je serai à l'extérieur pour le travail.", why: "voyage d'affaires" },
        { cause: "Ma fille a un spectacle à l'école ce jour-là.", why: 'conflit familial' },
        { cause: "J'ai une réunion de dernière minute.", why: 'conflit de travail' },
        { cause: "Je suis malade, j'ai la grippe.", why: 'maladie' },
        { cause: 'Mon auto est au garage.', why: 'problème de transport' },
      ]],
      namedOpenings: ["Bonjour, c'est {full}. J'ai {mine} {oldDayName} et je dois changer la date.", "Oui, bonjour, {full} à l'appareil. J'aimerais déplacer {mine}."],
      openings: ['Bonjour, je dois déplacer {mine} de {oldDayName}.', 'Bonjour, je voudrais changer un rendez-vous.'],
      cores: [
        {
          turns: [
            "AI: Bien sûr{addrComma}. Je cherche d'abord votre rendez-vous.",
            'AI: Je vois {yours} avec {dentistShort} le {oldDay} à {oldTime}. Quelles journées vous conviendraient mieux?',
            'User: Plus tard, idéalement en fin de journée. {cause}',
            'AI: Il y a le {day} à {time} ou le {day2} à {time2} avec {dentistShort}.',
            "User: Le {dayName} à {time}, s'il vous plaît.",
            "AI: C'est fait. Vous êtes maintenant inscrit{e} le {day} à {time} avec {dentistShort}.",
          ],
          summary: '{who} a déplacé {gist} avec {dentistLong} du {oldDay} à {oldTime} au {day} à {time} (motif : {why}).{cbSentence}',
          detail: 'Rendez-vous ({noun}) déplacé du {oldDay} à {oldTime} au {day} à {time} avec {dentistShort} (motif : {why}).',
          dentist: true,
        },
        {
          turns: [
            'AI: Certainement. Je regarde ça.',
            "AI: J'ai {yours} avec {dentistShort} le {oldDay} à {oldTime}. C'est bien celui-là?",
            "User: Oui, c'est ça. {cause}",
            'AI: Pas de problème. Les prochaines places sont le {day} à {time} et le {day2} à {time2}.',
            'User: La première, ça me va.',
            "AI: C'est réservé pour le {day} à {time}. J'ai annulé le rendez-vous de {oldDayName}.",
          ],
          summary: '{who} a déplacé {gist} avec {dentistLong} du {oldDay} à {oldTime} au {day} à {time} ({why}).{cbSentence}',
          detail: 'Déplacement ({noun}) avec {dentistShort} : du {oldDay} à {oldTime} au {day} à {time}; motif : {why}.',
          dentist: true,
        },
      ],
    },
    CANCELLATION: {
      pools: [FR_APPOINTMENTS, [
        { cause: 'Mon conjoint se fait opérer ce jour-là.', why: 'chirurgie du conjoint' },
        { cause: "Je suis malade, j'ai la grippe.", why: 'maladie' },
        { cause: "J'ai perdu mon emploi, je n'ai pas les moyens pour l'instant.", why: 'raisons financières' },
        { cause: 'Nous déménageons en région.', why: 'déménagement' },
        { cause: 'Je dois travailler ce jour-là.', why: 'conflit de travail' },
      ]],
      namedOpenings: ["Bonjour, c'est {full}. J'ai un rendez-vous {oldDayName} que je dois annuler.", "Oui, bonjour, {full} à l'appareil. Je dois annuler {mine}."],
      openings: ['Bonjour, je dois annuler un rendez-vous.', "Bonjour, j'appelle pour annuler {mine} de {oldDayName}."],
      cores: [
        {
          turns: [
            'AI: Je suis désolée{addrComma}. Je regarde ça.',
            'AI: Je vois {yours} avec {dentistShort} le {oldDay} à {oldTime}. Voulez-vous annuler, ou plutôt déplacer le rendez-vous?',
            "User: Annulez-le pour l'instant, s'il vous plaît. {cause}",
            "AI: Bien sûr. Votre rendez-vous de {oldDayName} est annulé. Je demande à l'équipe de vous rappeler pour en reprendre un.",
          ],
          summary: "{who} a annulé {gist} avec {dentistLong} prévu le {oldDay} à {oldTime} (motif : {why}). L'équipe doit rappeler pour fixer un autre rendez-vous.{cbSentence}",
          detail: 'Annulation ({noun}) du {oldDay} à {oldTime} avec {dentistShort} (motif : {why}); souhaite un rappel pour reprendre rendez-vous.',
          dentist: true,
        },
        {
          turns: [
            "AI: Certainement. Le numéro d'où vous appelez est-il celui de votre dossier?",
            'User: Oui, normalement.',
            "AI: Merci. J'ai {yours} le {oldDay} à {oldTime} avec {dentistShort}.",
            "User: C'est celui-là. {cause} Je vais rappeler quand j'en saurai plus.",
            "AI: Compris. Le rendez-vous est annulé. La prochaine fois, si possible, prévenez-nous 24 heures à l'avance pour éviter des frais d'annulation tardive.",
          ],
          summary: "{who} a annulé {gist} avec {dentistLong} le {oldDay} à {oldTime} ({why}) et rappellera pour reprendre rendez-vous. Rappel de la politique d'annulation de 24 heures.{cbSentence}",
          detail: 'Annulation ({noun}, {oldDay} à {oldTime}) avec {dentistShort}; motif : {why}. Rappellera pour reprendre rendez-vous.',
          dentist: true,
        },
      ],
    },
    GENERAL_MESSAGE: {
      pools: [[
        { ask: 'Je voulais savoir si vous facturez directement la Sun Life.', gist: 'demande si la clinique facture directement la Sun Life', note: "Demande si la clinique facture directement la Sun Life; la réception doit confirmer la couverture." },
        { ask: "J'aurais besoin que mes dernières radiographies soient envoyées à mon orthodontiste.", gist: "demande l'envoi des dernières radiographies à son orthodontiste", note: "Envoi des dernières radiographies à l'orthodontiste; autorisation signée requise." },
        { ask: "J'ai besoin d'un reçu de ma dernière visite pour mon assurance.", gist: "a besoin d'un reçu de la dernière visite pour son assurance", note: "Reçu de la dernière visite demandé (réclamation à l'assurance)." },
        { ask: "J'ai déménagé, je voudrais mettre à jour mon adresse et mon courriel.", gist: 'souhaite mettre à jour son adresse et son courriel au dossier', note: "Mise à jour de l'adresse et du courriel au dossier." },
        { ask: "Je pense qu'on m'a facturé deux fois mon dernier nettoyage.", gist: 'signale une possible double facturation du dernier nettoyage', note: 'Possible double facturation du dernier nettoyage; la facturation doit vérifier.' },
        { ask: "J'ai une question sur le médicament prescrit après mon extraction.", gist: 'a une question sur le médicament prescrit après une extraction', note: 'Question sur le médicament après extraction; rappel du dentiste souhaité.' },
      ]],
      namedOpenings: ["Bonjour, c'est {full}. {ask}", "Oui, bonjour, {full} à l'appareil. {ask}"],
      openings: ['Bonjour. {ask}', "Bonjour, j'ai une petite question. {ask}"],
      cores: [
        {
          turns: ["AI: Je peux laisser un message à l'équipe{addrComma}. Quelqu'un fera le suivi avec vous.", 'User: Parfait, merci.', "AI: Avec plaisir. C'est noté."],
          summary: '{who}{patientClause} {gist}. {agent} a laissé un message à la réception.{cbSentence}',
          detail: '{note}',
        },
        {
          turns: ['AI: Votre message est-il pour un dentiste en particulier?', "User: Pour {dentistShort}, s'il vous plaît.", 'AI: Très bien. Je transmets le message à {dentistShort} et à la réception.'],
          summary: '{who}{patientClause} {gist}. Message transmis à {dentistLong} et à la réception.{cbSentence}',
          detail: '{note} Pour {dentistShort}.',
          dentist: true,
        },
        {
          turns: ["AI: Merci de nous en informer. J'ai tout noté.", "User: Est-ce que quelqu'un va me rappeler aujourd'hui?", "AI: La réception répond aux messages dans un délai d'un jour ouvrable, souvent plus tôt."],
          summary: "{who}{patientClause} {gist}. La réception fera le suivi dans un délai d'un jour ouvrable.{cbSentence}",
          detail: '{note}',
        },
      ],
    },
    EMERGENCY: {
      pools: [[
        { ask: "J'ai vraiment mal à une dent depuis hier soir, et là ma joue enfle.", gist: 'une forte douleur dentaire avec enflure de la joue depuis la veille', note: 'Forte douleur dentaire avec enflure de la joue depuis hier soir', pain: "En bas à gauche, au fond. Je dirais huit. L'ibuprofène ne fait presque rien." },
        { ask: "Je suis tombé{e} et je me suis cassé une dent d'en avant. Ça coupe et ça fait mal.", gist: "une dent d'en avant cassée lors d'une chute, avec un rebord coupant", note: "Dent avant cassée lors d'une chute; rebord coupant, douleur", pain: "C'est celle d'en haut, en avant. Six, mais l'air froid, c'est neuf." },
        { ask: "Mon fils a reçu une rondelle au hockey et une dent est tombée.", gist: "un enfant dont une dent permanente est tombée après un coup de rondelle", note: "Dent d'un enfant expulsée par une rondelle de hockey; dent conservée dans du lait", pain: "C'est une dent d'en avant, en haut. On l'a mise dans du lait." },
        { ask: "On m'a arraché une dent hier et ça n'arrête pas de saigner.", gist: 'un saignement qui ne cesse pas depuis une extraction la veille', note: "Saignement persistant après l'extraction d'hier", pain: 'La douleur, peut-être cinq, mais la gaze se remplit de sang.' },
        { ask: 'Ma couronne est tombée et la dent me fait vraiment mal.', gist: 'une couronne tombée et une forte douleur à la dent exposée', note: 'Couronne tombée; dent exposée très douloureuse', pain: "En haut à droite. Huit quand je respire par la bouche." },
      ]],
      namedOpenings: ["Bonjour, c'est {full}. {ask}"],
      openings: ['Oui, bonjour. {ask}', 'Allô? {ask}'],
      cores: [
        {
          turns: [
            "AI: Je suis désolée{addrComma}. Quelle dent est-ce, et sur une échelle de un à dix, quelle est l'intensité de la douleur?",
            'User: {pain}',
            'AI: Avez-vous de la fièvre, de la difficulté à avaler ou à respirer?',
            "User: Pas de fièvre. J'avale normalement.",
            "AI: Merci. Il faut que vous soyez vu{e} par un dentiste aujourd'hui. Si la ligne coupe, quand la clinique peut-elle vous rappeler?",
            "User: Le plus vite possible. N'importe quand.",
            'AI: Compris. Restez en ligne, je vous transfère au dentiste de garde.',
          ],
          summary: "{who}{patientClause} a appelé pour {gist}. Pas de fièvre ni de difficulté à avaler. {agent} a transféré l'appel au dentiste de garde; rappel souhaité le plus vite possible.",
          detail: '{note}; pas de fièvre, déglutition normale. Transféré au dentiste de garde.',
        },
        {
          turns: [
            'AI: Je suis désolée. Y a-t-il un de nos dentistes que vous préférez voir?',
            'User: Avec {dentistShort}, si possible.',
            "AI: Merci. Pouvez-vous m'en dire un peu plus? Quelle dent, et quelle douleur?",
            'User: {pain}',
            'AI: Je vous transfère tout de suite au dentiste de garde. Si la ligne coupe, on vous rappellera à ce numéro.',
            "User: D'accord, merci.",
            "AI: Je vous transfère. Restez en ligne, s'il vous plaît.",
          ],
          summary: '{who}{patientClause} a appelé pour {gist} et demande à voir {dentistLong}. Appel transféré au dentiste de garde; rappel souhaité le plus vite possible.',
          detail: '{note}. Demande {dentistShort}; transféré au dentiste de garde.',
          dentist: true,
        },
      ],
    },
    OTHER: {
      pools: [[
        { ask: "On m'a dit que j'ai besoin d'un implant, et mon assurance, c'est la Manuvie. Pouvez-vous leur envoyer une prédétermination?", gist: "demande l'envoi d'une prédétermination pour un implant à la Manuvie", note: 'Prédétermination à envoyer à la Manuvie pour un implant; la facturation doit rappeler.' },
        { ask: "Je suis hygiéniste dentaire et j'aimerais vous envoyer mon CV.", gist: "s'informe des postes d'hygiéniste et de l'envoi d'un CV", note: "Demande d'emploi (hygiéniste dentaire); CV à transmettre à la gestionnaire." },
        { ask: "J'appelle d'une compagnie de fournitures dentaires, je voudrais parler à la gestionnaire.", gist: 'est représentant{e} pour une compagnie de fournitures dentaires et demande la gestionnaire', note: 'Appel commercial (fournitures dentaires) pour la gestionnaire.' },
        { ask: "Je pense que j'ai oublié mes lunettes dans la salle d'attente hier.", gist: "pense avoir oublié ses lunettes dans la salle d'attente la veille", note: "Lunettes possiblement oubliées dans la salle d'attente hier." },
        { ask: 'Êtes-vous ouverts les jours fériés?', gist: "s'informe des heures d'ouverture les jours fériés", note: "Question sur l'horaire des jours fériés." },
        { ask: 'Offrez-vous la sédation pour les personnes anxieuses?', gist: 'demande si la clinique offre la sédation pour les personnes anxieuses', note: "Demande d'information sur la sédation (anxiété dentaire)." },
      ]],
      namedOpenings: ["Bonjour, je m'appelle {full}. {ask}"],
      openings: ['Bonjour, petite question. {ask}', 'Oui, bonjour. {ask}'],
      cores: [
        {
          turns: ["AI: Je transmets ça à la bonne personne{addrComma}. Quelqu'un vous reviendra.", "User: D'accord, merci.", 'AI: Avec plaisir.'],
          summary: "{who}{patientClause} {gist}. Un message a été laissé à l'équipe.{cbSentence}",
          detail: '{note}',
        },
        {
          turns: ["AI: Bonne question. Je n'ai pas cette information, mais l'équipe pourra vous répondre.", "User: D'accord, pas de problème.", "AI: J'ai noté votre demande pour la clinique."],
          summary: "{who}{patientClause} {gist}. L'assistante n'avait pas la réponse et a laissé une note à la clinique.{cbSentence}",
          detail: '{note}',
        },
      ],
    },
    NONE: {
      pools: [],
      namedOpenings: [],
      openings: ["Allô? Oui, bonjour, j'appelle pour... attendez une seconde.", 'Oui allô? Euh, un instant.'],
      cores: [
        {
          turns: ['AI: Bien sûr, prenez votre temps.', 'AI: Êtes-vous toujours là?', "User: Désolé, une seconde, j'ai un autre appel.", "AI: Pas de problème, j'attends.", "AI: Je n'entends plus rien, je vais donc mettre fin à l'appel. N'hésitez pas à nous rappeler. Au revoir!"],
          summary: "La personne a mis l'appel en attente avant de donner la raison de son appel, et l'appel s'est terminé après un long silence.",
          detail: null,
        },
        {
          turns: ["AI: Désolée, je n'ai pas bien compris. Pouvez-vous répéter?", 'User: Oui, je voulais vous demander... attendez.', 'AI: Bien sûr, je suis là.', 'AI: Allô? Êtes-vous toujours en ligne?', "AI: Il semble que la communication soit coupée. N'hésitez pas à nous rappeler. Au revoir!"],
          summary: "La personne a commencé à poser une question puis n'a plus répondu; aucune raison donnée.",
          detail: null,
        },
      ],
    },
  },
};

export const LANGUAGES: Readonly<Record<Lang, LanguagePack>> = { en, fr };
