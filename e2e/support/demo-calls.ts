/**
 * Vapi end-of-call reports for the browser tests and for trying the dashboard by hand: realistic,
 * fake (555-01xx numbers, example.com recordings), and sent through the real webhook like production.
 */

export type Reason = 'new_appointment' | 'cancellation' | 'reschedule' | 'general_message' | 'emergency' | 'other';
export type Callback = 'morning' | 'afternoon' | 'evening' | 'anytime';

export interface DemoCall {
  clinicKey: string;
  callId: string;
  firstName: string;
  lastName: string;
  phone: string;
  reason: Reason;
  existingPatient: boolean | null;
  callback: Callback | null;
  dentist: string | null;
  summary: string;
  detailedReason: string;
  startedAt: Date;
  durationSeconds: number;
  /** Alternating assistant / caller lines, assistant first. */
  turns: string[];
  recording: boolean;
  /** Where the provider keeps the recording (a test's local stand-in); by default a fake example.com address. */
  recordingUrl?: string;
}

/** The JSON body Vapi POSTs at the end of a call. */
export function vapiReport(call: DemoCall): string {
  const startMs = call.startedAt.getTime();
  const endMs = startMs + call.durationSeconds * 1000;
  const step = (call.durationSeconds * 1000) / Math.max(1, call.turns.length);
  const messages = call.turns.map((text, index) => ({
    role: index % 2 === 0 ? 'bot' : 'user',
    message: text,
    time: Math.round(startMs + 900 + index * step),
    secondsFromStart: Math.round((0.9 + (index * step) / 1000) * 100) / 100,
  }));
  const transcript = call.turns.map((text, index) => `${index % 2 === 0 ? 'AI' : 'User'}: ${text}`).join('\n');
  const recordingUrl = call.recording ? (call.recordingUrl ?? `https://recordings.example.com/${call.callId}-mono.wav`) : undefined;
  return JSON.stringify({
    message: {
      type: 'end-of-call-report',
      timestamp: endMs + 1500,
      startedAt: new Date(startMs).toISOString(),
      endedAt: new Date(endMs).toISOString(),
      endedReason: call.reason === 'emergency' ? 'assistant-forwarded-call' : 'customer-ended-call',
      cost: Math.round(call.durationSeconds * 0.0021 * 10000) / 10000,
      durationSeconds: call.durationSeconds,
      summary: call.summary,
      analysis: {
        summary: call.summary,
        structuredData: {
          firstName: call.firstName,
          lastName: call.lastName,
          isExistingPatient: call.existingPatient,
          reasonForCall: call.reason,
          callbackPreference: call.callback,
          preferredDentist: call.dentist,
          detailedReason: call.detailedReason,
        },
        successEvaluation: 'true',
      },
      artifact: { messages, transcript, ...(recordingUrl ? { recordingUrl } : {}) },
      call: {
        id: call.callId,
        type: 'inboundPhoneCall',
        startedAt: new Date(startMs).toISOString(),
        endedAt: new Date(endMs).toISOString(),
        customer: { number: call.phone },
      },
      customer: { number: call.phone },
      assistant: { id: `assistant-${call.clinicKey}`, name: 'Ava', metadata: { clinicId: call.clinicKey } },
    },
  });
}

// ---- A clinic's worth of calls ---------------------------------------------------------------

const FIRST = ['Daniel', 'Priya', 'Marc', 'Sophie', 'Liam', 'Amélie', 'Noah', 'Chloé', 'Owen', 'Fatima', 'Lucas', 'Grace', 'Mateo', 'Isabelle', 'Ethan', 'Yasmine', 'Jacob', 'Nora', 'Samuel', 'Maya'];
const LAST = ['Okafor', 'Sharma', 'Tremblay', 'Gagnon', 'Nguyen', 'Roy', 'Patel', 'Bouchard', 'Wilson', 'Haddad', 'Lavoie', 'Chen', 'Garcia', 'Fortin', 'Martin', 'Benali', 'Morin', 'Kowalski', 'Pelletier', 'Singh'];
const DENTISTS = ['Dr. Sarah Lin', 'Dr. Amir Haddad', 'Dr. Paul Mercer', null];
const CALLBACKS: (Callback | null)[] = ['morning', 'afternoon', 'evening', 'anytime', null];

const SCRIPTS: Record<Reason, { summary: (name: string, dentist: string) => string; detail: string; turns: (first: string) => string[] }> = {
  new_appointment: {
    summary: (name, dentist) => `${name} called to book a cleaning and check-up with ${dentist}. Ava offered the first available morning slots.`,
    detail: 'Wants a cleaning and check-up; flexible on weekdays.',
    turns: (first) => [
      'Thank you for calling, this is Ava, the virtual receptionist. How can I help you today?',
      'Hi, I’d like to book a cleaning and a check-up, please.',
      `Of course. May I have your first and last name?`,
      `It’s ${first}.`,
      'Thank you. Do you have a preferred dentist, and when should the clinic call you back?',
      'Whoever is available first. Mornings are best for me.',
      'Perfect, I’ve noted that. The front desk will call you back to confirm the time. Anything else?',
      'No, that’s all. Thanks!',
    ],
  },
  cancellation: {
    summary: (name) => `${name} needs to cancel next week’s appointment because of a work trip and will call back to rebook.`,
    detail: 'Cancel the appointment next Tuesday; will rebook after the trip.',
    turns: () => [
      'Thank you for calling, this is Ava. How can I help?',
      'Hi, I have to cancel my appointment next Tuesday. I’ll be travelling for work.',
      'I’m sorry to hear that. I’ve cancelled it. Would you like to rebook now?',
      'Not yet, I’ll call back when I’m home.',
    ],
  },
  reschedule: {
    summary: (name, dentist) => `${name} asked to move an appointment with ${dentist} to a later afternoon the same week.`,
    detail: 'Move Thursday 10:00 to an afternoon the same week.',
    turns: () => [
      'Thank you for calling, this is Ava. How can I help?',
      'Can I move my Thursday appointment? Mornings don’t work anymore.',
      'Sure. Would an afternoon the same week suit you?',
      'Yes, any time after two.',
    ],
  },
  general_message: {
    summary: (name) => `${name} asked whether the clinic accepts their new insurance plan and would like a call back.`,
    detail: 'Insurance question: is the new group plan accepted?',
    turns: () => [
      'Thank you for calling, this is Ava. How can I help?',
      'I changed jobs and have new insurance. Do you take it?',
      'I’ll pass your question to the front desk; they will call you back today.',
      'Great, thank you.',
    ],
  },
  emergency: {
    summary: (name) => `${name} has severe tooth pain with swelling since last night. Ava transferred the call to the on-call line.`,
    detail: 'Severe pain, lower left molar, facial swelling since last night.',
    turns: () => [
      'Thank you for calling, this is Ava. How can I help?',
      'I have terrible tooth pain and my cheek is swollen. I couldn’t sleep.',
      'I’m sorry you are in pain. Is the swelling making it hard to breathe or swallow?',
      'No, but it really hurts.',
      'I’m transferring you to the dentist on call right now. Please stay on the line.',
    ],
  },
  other: {
    summary: (name) => `${name} asked for a copy of their X-rays to send to a specialist.`,
    detail: 'Wants last year’s X-rays e-mailed to a specialist.',
    turns: () => [
      'Thank you for calling, this is Ava. How can I help?',
      'Could you send my X-rays to my orthodontist?',
      'I’ll ask the front desk to do that and confirm with you.',
    ],
  },
};

const REASONS: Reason[] = ['new_appointment', 'reschedule', 'general_message', 'cancellation', 'new_appointment', 'other', 'emergency', 'reschedule'];

/** `count` calls for a clinic, newest first, spread over the last `spanDays` days before `now`. */
export function clinicCalls(clinicKey: string, count: number, now: Date, spanDays = 20, seed = 1): DemoCall[] {
  const calls: DemoCall[] = [];
  for (let i = 0; i < count; i++) {
    const k = i * 7 + seed * 3;
    const first = FIRST[k % FIRST.length]!;
    const last = LAST[(k * 3 + seed) % LAST.length]!;
    const reason = REASONS[(i + seed) % REASONS.length]!;
    const dentist = DENTISTS[(i + seed) % DENTISTS.length] ?? null;
    const minutesAgo = Math.round(25 + (i * i * 0.9 + i * 95) * (spanDays / 20));
    const script = SCRIPTS[reason];
    const name = `${first} ${last}`;
    calls.push({
      clinicKey,
      callId: `demo-${clinicKey}-${seed}-${i}`,
      firstName: first,
      lastName: last,
      phone: `+1${['416', '647', '514', '438'][i % 4]}55501${String(i % 100).padStart(2, '0')}`,
      reason,
      existingPatient: i % 5 === 0 ? null : i % 3 !== 0,
      callback: CALLBACKS[(i + seed) % CALLBACKS.length] ?? null,
      dentist,
      summary: script.summary(name, dentist ?? 'any dentist'),
      detailedReason: script.detail,
      startedAt: new Date(now.getTime() - minutesAgo * 60_000),
      durationSeconds: 45 + ((i * 37) % 240),
      turns: script.turns(first),
      recording: i % 4 !== 3,
    });
  }
  return calls;
}

/**
 * Mrs Côté of the "done when": a French-speaking patient, found by typing "cote".
 * `clinicName` is how Ava names the clinic when she answers (French: "au Centre dentaire Zenith").
 */
export function heleneCote(clinicKey: string, startedAt: Date, clinicName = 'à la Clinique dentaire du Plateau'): DemoCall {
  return {
    clinicKey,
    callId: `demo-${clinicKey}-helene-cote`,
    firstName: 'Hélène',
    lastName: 'Côté',
    phone: '+15145550163',
    reason: 'reschedule',
    existingPatient: true,
    callback: 'afternoon',
    dentist: 'Dre Julie Gagnon',
    summary: 'Hélène Côté souhaite déplacer son rendez-vous de jeudi matin à un après-midi la semaine prochaine. Rappeler en après-midi.',
    detailedReason: 'Déplacer le nettoyage de jeudi 9 h à un après-midi la semaine suivante.',
    startedAt,
    durationSeconds: 142.4,
    turns: [
      `Bonjour, vous êtes bien ${clinicName}, ici Ava, la réceptionniste virtuelle. Comment puis-je vous aider ?`,
      'Bonjour, c’est Hélène Côté. J’ai un rendez-vous jeudi matin mais je ne pourrai pas venir.',
      'Je comprends. Souhaitez-vous le déplacer à un autre moment ?',
      'Oui, un après-midi la semaine prochaine, si possible avec la Dre Gagnon.',
      'C’est noté. L’équipe vous rappellera cet après-midi pour confirmer. Autre chose ?',
      'Non, merci beaucoup. Bonne journée !',
    ],
    recording: true,
  };
}

export function emergencyCall(clinicKey: string, startedAt: Date, suffix: string): DemoCall {
  return {
    ...clinicCalls(clinicKey, 1, startedAt)[0]!,
    callId: `demo-${clinicKey}-emergency-${suffix}`,
    firstName: 'Marie-Ève',
    lastName: 'Lapointe',
    phone: '+14385550147',
    reason: 'emergency',
    existingPatient: false,
    callback: 'anytime',
    dentist: null,
    summary: 'Marie-Ève Lapointe chipped a front tooth in a fall and is bleeding a little. Transferred to the on-call dentist.',
    detailedReason: 'Chipped upper front tooth after a fall, light bleeding.',
    startedAt,
    durationSeconds: 96,
    turns: [
      'Thank you for calling, this is Ava. How can I help?',
      'Hi, I fell on the stairs and chipped my front tooth. It’s bleeding a little.',
      'I’m sorry, that sounds painful. Are you hurt anywhere else, or is the bleeding heavy?',
      'No, just the tooth, and it’s only a little blood.',
      'Please press a clean, damp gauze on it. I’m transferring you to the dentist on call right now.',
    ],
    recording: true,
  };
}
