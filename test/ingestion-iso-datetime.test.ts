import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  callDurationSeconds,
  epochMsInstant,
  firstIsoInstant,
  parseIsoInstant,
  storedDateTime,
} from '../src/modules/webhooks/parsing/iso-datetime.js';

// Pure functions: run once, no database.

const NINE_THIRTY = Date.UTC(2026, 9, 1, 9, 30, 0);

const validCases: Array<[string, string, number]> = [
  ['UTC with Z', '2026-10-01T09:30:00Z', NINE_THIRTY],
  ['lower-case t and z', '2026-10-01t09:30:00z', NINE_THIRTY],
  ['a space for T', '2026-10-01 09:30:00Z', NINE_THIRTY],
  ['no zone, taken as UTC', '2026-10-01T09:30:00', NINE_THIRTY],
  ['no seconds', '2026-10-01T09:30Z', NINE_THIRTY],
  ['surrounding spaces', '  2026-10-01T09:30:00Z ', NINE_THIRTY],
  ['offset +hh:mm', '2026-10-01T11:30:00+02:00', NINE_THIRTY],
  ['offset +hhmm', '2026-10-01T11:30:00+0200', NINE_THIRTY],
  ['offset +hh', '2026-10-01T11:30:00+02', NINE_THIRTY],
  ['negative half-hour offset', '2026-10-01T04:00:00-05:30', NINE_THIRTY],
  ['an offset that crosses midnight', '2026-09-30T23:30:00-10:00', NINE_THIRTY],
  ['milliseconds', '2026-10-01T09:30:00.123Z', NINE_THIRTY + 123],
  ['microseconds, truncated to milliseconds', '2026-10-01T09:30:00.123999Z', NINE_THIRTY + 123],
  ['one fraction digit', '2026-10-01T09:30:00.5Z', NINE_THIRTY + 500],
  ['a comma before the fraction', '2026-10-01T09:30:00,25Z', NINE_THIRTY + 250],
  ['29 February of a leap year', '2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ['the first storable instant', '1000-01-01T00:00:00Z', Date.UTC(1000, 0, 1)],
  ['the last storable second', '9999-12-31T23:59:59Z', Date.UTC(9999, 11, 31, 23, 59, 59)],
];
for (const [name, text, expected] of validCases) {
  test(`parseIsoInstant: ${name}`, () => {
    assert.equal(parseIsoInstant(text), expected);
  });
}

const invalidCases: Array<[string, unknown]> = [
  ['31 April', '2026-04-31T09:30:00Z'],
  ['29 February of a common year', '2026-02-29T09:30:00Z'],
  ['month 13', '2026-13-01T09:30:00Z'],
  ['hour 24', '2026-10-01T24:00:00Z'],
  ['minute 60', '2026-10-01T09:60:00Z'],
  ['a leap second', '2026-12-31T23:59:60Z'],
  ['an offset of 24 hours', '2026-10-01T09:30:00+24:00'],
  ['an offset of 60 minutes', '2026-10-01T09:30:00+02:60'],
  ['a date without a time', '2026-10-01'],
  ['free text Date.parse accepts', 'October 1, 2026 09:30'],
  ['an RFC 2822 date', 'Thu, 01 Oct 2026 09:30:00 GMT'],
  ['a two-digit year', '26-10-01T09:30:00Z'],
  ['a year before MariaDB DATETIME', '0999-12-31T23:59:59Z'],
  ['a year in 0-99, which Date.UTC would move to the 1900s', '0050-01-01T00:00:00Z'],
  ['an offset that leaves the storable range', '1000-01-01T00:30:00+01:00'],
  ['an offset past the last storable second', '9999-12-31T23:59:59-01:00'],
  ['an empty string', ''],
  ['an epoch number (ISO fields take text only)', NINE_THIRTY],
  ['an epoch number as text', String(NINE_THIRTY)],
  ['null', null],
  ['an object', { startedAt: '2026-10-01T09:30:00Z' }],
];
for (const [name, value] of invalidCases) {
  test(`parseIsoInstant: ${name} is not an instant`, () => {
    assert.equal(parseIsoInstant(value), undefined);
  });
}

test('firstIsoInstant: the first valid value, in order', () => {
  assert.equal(firstIsoInstant(undefined, '2026-04-31T00:00:00Z', 5, '2026-10-01T09:30:00Z', '2027-01-01T00:00:00Z'), NINE_THIRTY);
  assert.equal(firstIsoInstant('not a date'), undefined);
});

const epochCases: Array<[string, unknown, number | undefined]> = [
  ['epoch milliseconds', NINE_THIRTY, NINE_THIRTY],
  ['a fraction of a millisecond, truncated', NINE_THIRTY + 0.9, NINE_THIRTY],
  ['the epoch itself', 0, 0],
  ['before the epoch but storable', -1000, -1000],
  ['epoch seconds are not milliseconds: still storable (1970)', NINE_THIRTY / 1000, NINE_THIRTY / 1000],
  ['beyond year 9999', 1e15, undefined],
  ['before year 1000', -1e14, undefined],
  ['a number as text', String(NINE_THIRTY), undefined],
  ['an ISO string', '2026-10-01T09:30:00Z', undefined],
  ['NaN', NaN, undefined],
];
for (const [name, value, expected] of epochCases) {
  test(`epochMsInstant: ${name}`, () => {
    assert.equal(epochMsInstant(value), expected);
  });
}

test('storedDateTime: UTC storage text, truncated to whole seconds', () => {
  assert.equal(storedDateTime(NINE_THIRTY + 999), '2026-10-01 09:30:00');
  assert.equal(storedDateTime(Date.UTC(1000, 0, 1)), '1000-01-01 00:00:00');
});

const durationCases: Array<[string, number | undefined, number | undefined, number | null]> = [
  ['the provider’s own duration wins', 12.5, NINE_THIRTY + 60_000, 12.5],
  ['a reported zero is kept', 0, NINE_THIRTY + 60_000, 0],
  ['else the span, to the millisecond', undefined, NINE_THIRTY + 61_234, 61.234],
  ['no end and no duration: unknown', undefined, undefined, null],
];
for (const [name, reported, endedMs, expected] of durationCases) {
  test(`callDurationSeconds: ${name}`, () => {
    assert.equal(callDurationSeconds(reported, NINE_THIRTY, endedMs), expected);
  });
}
