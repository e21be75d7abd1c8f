import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALL_LOG_COLUMN_LIMITS } from '../src/db/database.js';
import {
  UNKNOWN_PHONE,
  callerName,
  callerPhone,
  cleanName,
  normalisePhone,
  splitFullName,
} from '../src/modules/webhooks/parsing/caller.js';

// Pure functions: run once, no database.

const EMOJI = '😀';

const cleanCases: Array<[string, unknown, string | null]> = [
  ['spaces trimmed and collapsed', '  Luis \t  Ortega ', 'Luis Ortega'],
  ['accents and case kept', 'HÉLÈNE', 'HÉLÈNE'],
  ['a placeholder', 'N/A', null],
  ['a French placeholder', 'inconnu', null],
  ['blank', '   ', null],
  ['a number', 42, null],
  ['an object', { first: 'Luis' }, null],
];
for (const [name, value, expected] of cleanCases) {
  test(`cleanName: ${name}`, () => {
    assert.equal(cleanName(value, 'caller_first_name'), expected);
  });
}

test('cleanName: cut to the column in code points, never halving an emoji', () => {
  const limit = CALL_LOG_COLUMN_LIMITS.caller_last_name.chars;
  assert.equal(cleanName(`Zoé${EMOJI.repeat(limit)}`, 'caller_last_name'), `Zoé${EMOJI.repeat(limit - 3)}`);
});

const splitCases: Array<[unknown, { first: string | null; last: string | null } | undefined]> = [
  ['Luis Ortega', { first: 'Luis', last: 'Ortega' }],
  ['Luis', { first: 'Luis', last: null }],
  ['  Jean   de la Fontaine ', { first: 'Jean', last: 'de la Fontaine' }],
  ['Hélène Côté', { first: 'Hélène', last: 'Côté' }],
  ['unknown', undefined],
  ['', undefined],
  [null, undefined],
];
for (const [value, expected] of splitCases) {
  test(`splitFullName: ${JSON.stringify(value)}`, () => {
    assert.deepEqual(splitFullName(value), expected);
  });
}

test('splitFullName: a name longer than the column is cut whole before the split', () => {
  const limit = CALL_LOG_COLUMN_LIMITS.caller_first_name.chars;
  const split = splitFullName(`Ana B${EMOJI.repeat(limit)}`)!;
  assert.deepEqual(split, { first: 'Ana', last: `B${EMOJI.repeat(limit - 5)}` });
});

const nameCases: Array<[string, unknown, unknown, unknown[], { first: string | null; last: string | null }]> = [
  ['separate fields win over full names', 'Luis', 'Ortega', ['Anna Smith'], { first: 'Luis', last: 'Ortega' }],
  ['a first name alone is enough', 'Luis', undefined, ['Anna Smith'], { first: 'Luis', last: null }],
  ['a last name alone is enough', undefined, 'Ortega', ['Anna Smith'], { first: null, last: 'Ortega' }],
  ['placeholders count as missing', 'n/a', 'none', ['Anna Smith'], { first: 'Anna', last: 'Smith' }],
  ['the first usable full name is split', undefined, undefined, [undefined, 'unknown', 42, 'Anna', 'Bo Li'], { first: 'Anna', last: null }],
  ['nothing usable', 7, [], [null, ''], { first: null, last: null }],
];
for (const [name, first, last, fullNames, expected] of nameCases) {
  test(`callerName: ${name}`, () => {
    assert.deepEqual(callerName(first, last, fullNames), expected);
  });
}

const phoneCases: Array<[string, unknown, string | undefined]> = [
  ['E.164 kept', '+33140000000', '+33140000000'],
  ['spaces removed', '+33 1 40 00 00 00', '+33140000000'],
  ['brackets, dashes and dots removed', '(555) 010-12.34', '5550101234'],
  ['no country code is added', '01 40 00 00 00', '0140000000'],
  ['other characters are kept', '+33 1/40 00', '+331/4000'],
  ['a withheld number', 'Anonymous', undefined],
  ['a restricted number', ' RESTRICTED ', undefined],
  ['only formatting', ' - ( ) ', undefined],
  ['a number, not text', 5550101234, undefined],
  ['cut to the column', '1'.repeat(40), '1'.repeat(CALL_LOG_COLUMN_LIMITS.caller_phone_number.chars)],
];
for (const [name, value, expected] of phoneCases) {
  test(`normalisePhone: ${name}`, () => {
    assert.equal(normalisePhone(value), expected);
  });
}

test('callerPhone: the first usable number, else the unknown marker', () => {
  assert.equal(callerPhone(['anonymous', 42, undefined, '+1 555 0100', '+44 20']), '+15550100');
  assert.equal(callerPhone([]), UNKNOWN_PHONE);
  assert.equal(callerPhone(['private', '']), 'unknown');
});
