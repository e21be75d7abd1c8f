import assert from 'node:assert/strict';
import { test } from 'node:test';
import { structuredDataColumns } from '../src/modules/webhooks/parsing/structured-data.js';
import { transcriptFromTurns } from '../src/modules/webhooks/parsing/transcript.js';

// Pure functions: run once, no database. The columns both providers derive from the assistant's
// structured data; each rule's own table is in the caller, synonyms and text-limits tests.

const NO_FALLBACKS = { names: [], phones: [] };

test('structuredDataColumns: an English extraction', () => {
  const data = {
    firstName: 'Luis',
    lastName: 'Ortega',
    isExistingPatient: false,
    reasonForCall: 'New appointment',
    callbackPreference: 'Morning',
    preferredDentist: '  Dr Nadia Roy ',
    detailedReason: 'Cleaning, first visit',
    phoneNumber: '+1 555 010 1234',
  };
  assert.deepEqual(structuredDataColumns(data, NO_FALLBACKS), {
    caller_first_name: 'Luis',
    caller_last_name: 'Ortega',
    caller_phone_number: '+15550101234',
    is_existing_patient: 0,
    reason_for_call: 'NEW_APPOINTMENT',
    callback_preference: 'MORNING',
    preferred_dentist: 'Dr Nadia Roy',
    detailed_reason: 'Cleaning, first visit',
    raw_structured_data: JSON.stringify(data),
  });
});

test('structuredDataColumns: a French extraction', () => {
  const data = {
    nomComplet: 'Hélène Côté',
    patientExistant: 'oui',
    motif: 'Urgence',
    rappel: 'Après-midi',
    dentistePrefere: 'aucun',
    notes: 'N/A',
  };
  assert.deepEqual(structuredDataColumns(data, { names: [], phones: ['+33 1 40 00 00 00'] }), {
    caller_first_name: 'Hélène',
    caller_last_name: 'Côté',
    caller_phone_number: '+33140000000',
    is_existing_patient: 1,
    reason_for_call: 'EMERGENCY',
    callback_preference: 'AFTERNOON',
    preferred_dentist: null,
    detailed_reason: null,
    raw_structured_data: JSON.stringify(data),
  });
});

test('structuredDataColumns: no structured data, only what the provider knows', () => {
  assert.deepEqual(structuredDataColumns(undefined, { names: ['Anna Smith'], phones: ['anonymous'] }), {
    caller_first_name: 'Anna',
    caller_last_name: 'Smith',
    caller_phone_number: 'unknown',
    is_existing_patient: null,
    reason_for_call: null,
    callback_preference: null,
    preferred_dentist: null,
    detailed_reason: null,
    raw_structured_data: null,
  });
});

type Fallbacks = { names: unknown[]; phones: unknown[] };
const precedenceCases: Array<[string, Record<string, unknown>, Fallbacks, Record<string, unknown>]> = [
  [
    'the caller ID beats the number the assistant heard',
    { phone: '111' },
    { names: [], phones: ['222'] },
    {
      caller_phone_number: '222',
    },
  ],
  [
    'a withheld caller ID lets the assistant’s number speak',
    { phone: '111' },
    { names: [], phones: ['private'] },
    {
      caller_phone_number: '111',
    },
  ],
  ['the structured full name beats the provider’s', { name: 'Bo Li' }, { names: ['Anna Smith'], phones: [] }, { caller_first_name: 'Bo' }],
  [
    'an unparseable "existing" answer wins over "new"',
    { isExistingPatient: 'not sure', isNewPatient: true },
    NO_FALLBACKS,
    {
      is_existing_patient: null,
    },
  ],
  ['"new patient: yes" means not existing', { isNewPatient: 'yes' }, NO_FALLBACKS, { is_existing_patient: 0 }],
  ['"new patient: non" means existing', { nouveauPatient: 'non' }, NO_FALLBACKS, { is_existing_patient: 1 }],
  ['a stated but unknown reason is OTHER', { reason: 'wisdom tooth' }, NO_FALLBACKS, { reason_for_call: 'OTHER' }],
  ['"no preference" as a callback time is ANYTIME', { callbackTime: 'no preference' }, NO_FALLBACKS, { callback_preference: 'ANYTIME' }],
  ['a dentist that is not text is NULL', { dentist: ['Dr Roy'] }, NO_FALLBACKS, { preferred_dentist: null }],
];
for (const [name, data, fallbacks, expected] of precedenceCases) {
  test(`structuredDataColumns: ${name}`, () => {
    const columns: Record<string, unknown> = structuredDataColumns(data, fallbacks);
    for (const [column, value] of Object.entries(expected)) assert.equal(columns[column], value, column);
  });
}

test('structuredDataColumns: hostile values never throw and never store a wrong type', () => {
  const data = JSON.parse(
    '{"__proto__": {"firstName": "X"}, "firstName": ["Luis"], "lastName": {"value": "Ortega"}, "reason": 12,' +
      ' "isNewPatient": "1", "phone": 5550100, "details": 3.5, "callbackPreference": true}',
  );
  assert.deepEqual(structuredDataColumns(data, NO_FALLBACKS), {
    caller_first_name: null,
    caller_last_name: null,
    caller_phone_number: 'unknown',
    is_existing_patient: 0,
    reason_for_call: 'OTHER',
    callback_preference: null,
    preferred_dentist: null,
    detailed_reason: null,
    raw_structured_data: JSON.stringify(data),
  });
});

const SPEAKERS = { assistant: 'AI', user: 'User' };

test('transcriptFromTurns: one "Speaker: text" line per usable turn', () => {
  const turns = [
    { role: 'assistant', message: 'Bonjour' },
    { role: 'system', message: 'You are a receptionist' },
    { role: 'user', message: 'Hi' },
    { role: 'user', message: 42 },
    { role: 'constructor', message: 'inherited roles are not speakers' },
    'junk',
    null,
    [{ role: 'user', message: 'nested' }],
  ];
  assert.equal(transcriptFromTurns(turns, 'message', SPEAKERS), 'AI: Bonjour\nUser: Hi\n');
});

test('transcriptFromTurns: no usable turn is no transcript', () => {
  assert.equal(transcriptFromTurns([], 'message', SPEAKERS), undefined);
  assert.equal(transcriptFromTurns([{ role: 'user', content: 'other key' }], 'message', SPEAKERS), undefined);
});
