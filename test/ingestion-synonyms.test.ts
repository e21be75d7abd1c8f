import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALL_REASONS, CALLBACK_PREFERENCES } from '../src/db/database.js';
import { normaliseKey, structuredFieldReader } from '../src/modules/webhooks/parsing/field-aliases.js';
import { booleanFrom, callbackFrom, isEmptyish, normaliseValue, reasonFrom } from '../src/modules/webhooks/parsing/synonyms.js';

// Pure functions: run once, no database. Assistants answer in English or French, in any case,
// with accents and punctuation.

const normaliseCases: Array<[string, string]> = [
  ['Après-midi', 'apres midi'],
  ['  ÉMERGENCY!! ', 'emergency'],
  ['Prise de RDV', 'prise de rdv'],
  ['ﬁrst', 'first'],
  ['---', ''],
];
for (const [text, expected] of normaliseCases) {
  test(`normaliseValue: ${JSON.stringify(text)} → ${JSON.stringify(expected)}`, () => {
    assert.equal(normaliseValue(text), expected);
  });
}

const reasonCases: Array<[unknown, string | null]> = [
  ['New Appointment', 'NEW_APPOINTMENT'],
  ['book_appointment', 'NEW_APPOINTMENT'],
  ['Prise de rendez-vous', 'NEW_APPOINTMENT'],
  ['nouveau RDV', 'NEW_APPOINTMENT'],
  ['CANCELLATION', 'CANCELLATION'],
  ['canceled', 'CANCELLATION'],
  ['Annulation de rendez-vous', 'CANCELLATION'],
  ['Re-schedule', 'RESCHEDULE'],
  ['déplacer RDV', 'RESCHEDULE'],
  ['General enquiry', 'GENERAL_MESSAGE'],
  ['Renseignements', 'GENERAL_MESSAGE'],
  ['Dental emergency', 'EMERGENCY'],
  ['Urgence dentaire', 'EMERGENCY'],
  ['Other', 'OTHER'],
  ['autre', 'OTHER'],
  ['wisdom tooth extraction', 'OTHER'],
  ['N/A', null],
  ['Non précisé', null],
  ['', null],
  [42, 'OTHER'],
  [['cancel'], 'OTHER'],
  [undefined, null],
];
for (const [value, expected] of reasonCases) {
  test(`reasonFrom: ${JSON.stringify(value)} → ${String(expected)}`, () => {
    assert.equal(reasonFrom(value), expected);
  });
}

test('reasonFrom: every storage name reads as itself', () => {
  for (const reason of CALL_REASONS) assert.equal(reasonFrom(reason), reason);
});

const callbackCases: Array<[unknown, string | null]> = [
  ['Morning', 'MORNING'],
  ['le matin', 'MORNING'],
  ['A.M.', 'MORNING'],
  ['Après-midi', 'AFTERNOON'],
  ['p.m.', 'AFTERNOON'],
  ['after work', 'EVENING'],
  ['En soirée', 'EVENING'],
  ['No preference', 'ANYTIME'],
  ['peu importe', 'ANYTIME'],
  ['Dès que possible', 'ANYTIME'],
  ['tomorrow at 3', null],
  ['', null],
  [9, null],
  [undefined, null],
];
for (const [value, expected] of callbackCases) {
  test(`callbackFrom: ${JSON.stringify(value)} → ${String(expected)}`, () => {
    assert.equal(callbackFrom(value), expected);
  });
}

test('callbackFrom: every storage name reads as itself', () => {
  for (const preference of CALLBACK_PREFERENCES) assert.equal(callbackFrom(preference), preference);
});

const booleanCases: Array<[unknown, boolean | null]> = [
  [true, true],
  [false, false],
  [1, true],
  [0, false],
  [2, null],
  ['Yes!', true],
  ['oui', true],
  ['Existing patient', true],
  ['No', false],
  ['non', false],
  ['Nouveau patient', false],
  ['not sure', null],
  ['', null],
  [null, null],
  [['yes'], null],
];
for (const [value, expected] of booleanCases) {
  test(`booleanFrom: ${JSON.stringify(value)} → ${String(expected)}`, () => {
    assert.equal(booleanFrom(value), expected);
  });
}

const emptyishCases: Array<[string, boolean]> = [
  ['N/A', true],
  ['  unknown ', true],
  ['Not provided', true],
  ['Aucune', true],
  ['non précisé', true],
  ['', true],
  ['Anna', false],
  ['Dr Nadia', false],
];
for (const [text, expected] of emptyishCases) {
  test(`isEmptyish: ${JSON.stringify(text)} → ${expected}`, () => {
    assert.equal(isEmptyish(text), expected);
  });
}

const keyCases: Array<[string, string]> = [
  ['firstName', 'firstname'],
  ['first_name', 'firstname'],
  ['First Name', 'firstname'],
  ['Prénom', 'prenom'],
];
for (const [key, expected] of keyCases) {
  test(`normaliseKey: ${JSON.stringify(key)} → ${expected}`, () => {
    assert.equal(normaliseKey(key), expected);
  });
}

const aliasCases: Array<[string, Record<string, unknown>, Parameters<ReturnType<typeof structuredFieldReader>>[0], unknown]> = [
  ['camelCase', { firstName: 'Luis' }, 'firstName', 'Luis'],
  ['snake_case', { first_name: 'Luis' }, 'firstName', 'Luis'],
  ['words with a space', { 'First Name': 'Luis' }, 'firstName', 'Luis'],
  ['French, with its accent', { Prénom: 'Hélène' }, 'firstName', 'Hélène'],
  ['French last name', { nomDeFamille: 'Côté' }, 'lastName', 'Côté'],
  ['French reason', { motif: 'urgence' }, 'reason', 'urgence'],
  ['French callback', { rappel: 'le matin' }, 'callback', 'le matin'],
  ['French dentist', { dentistePréféré: 'Dr Roy' }, 'dentist', 'Dr Roy'],
  ['French new patient', { nouveauPatient: 'oui' }, 'newPatient', 'oui'],
  ['the earlier alias wins', { name: 'A B', fullName: 'C D' }, 'fullName', 'C D'],
  ['a null value gives way to the next alias', { firstName: null, givenName: 'Luis' }, 'firstName', 'Luis'],
  ['of two spellings of one key, the first in the object', { first_name: 'A', firstName: 'B' }, 'firstName', 'A'],
  ['a non-string value is returned as it is', { isNewPatient: true }, 'newPatient', true],
  ['an unknown key reads nothing', { prenomDuChien: 'Rex' }, 'firstName', undefined],
];
for (const [name, data, field, expected] of aliasCases) {
  test(`structuredFieldReader: ${name}`, () => {
    assert.equal(structuredFieldReader(data)(field), expected);
  });
}

test('structuredFieldReader: no data, or hostile keys, read nothing', () => {
  assert.equal(structuredFieldReader(undefined)('firstName'), undefined);
  const hostile = JSON.parse('{"__proto__": {"firstName": "X"}, "constructor": "Y"}');
  assert.equal(structuredFieldReader(hostile)('firstName'), undefined);
  assert.equal(structuredFieldReader({})('reason'), undefined);
});
