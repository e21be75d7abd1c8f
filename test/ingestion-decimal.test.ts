import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALL_LOG_COLUMN_LIMITS } from '../src/db/database.js';
import { costColumn, decimalText } from '../src/modules/webhooks/parsing/decimal.js';

// Pure functions: run once, no database. The cost column is DECIMAL(10,5).

const COST = CALL_LOG_COLUMN_LIMITS.cost;

test('the cost column is DECIMAL(10,5)', () => {
  assert.deepEqual(COST, { precision: 10, scale: 5 });
});

const cases: Array<[string, number, string | null]> = [
  ['a whole number', 2, '2.00000'],
  ['zero', 0, '0.00000'],
  ['negative zero, without a sign', -0, '0.00000'],
  ['a cost as Vapi sends it', 0.1234, '0.12340'],
  // toFixed rounds the binary double 0.12345499999…: the sender wrote 0.123455.
  ['half-up on the written digits, where toFixed rounds down', 0.123455, '0.12346'],
  ['a float sum’s error is rounded away', 0.1 + 0.2, '0.30000'],
  ['below half of the last place', 0.000004, '0.00000'],
  ['half of the last place, written as 5e-6', 0.000005, '0.00001'],
  ['far below the last place, written with an exponent', 1e-7, '0.00000'],
  ['a negative value, rounded away from zero', -1.234565, '-1.23457'],
  ['a negative value that rounds to zero has no sign', -0.000001, '0.00000'],
  ['the largest value that fits', 99999.99999, '99999.99999'],
  ['rounding that would need an eleventh digit', 99999.999995, null],
  ['six integer digits', 100000, null],
  ['a huge number written with an exponent', 1e21, null],
  ['the largest double', Number.MAX_VALUE, null],
  ['the smallest double', Number.MIN_VALUE, '0.00000'],
  ['NaN', NaN, null],
  ['Infinity', Infinity, null],
];
for (const [name, value, expected] of cases) {
  test(`decimalText: ${name}`, () => {
    assert.equal(decimalText(value, COST), expected);
  });
}

const shiftCases: Array<[string, number, number, string | null]> = [
  ['cents to units', 150, -2, '1.50000'],
  ['fractional cents', 1234.5, -2, '12.34500'],
  // 12.3455 / 100 is 0.12345499999999999 as a double; shifting the digits keeps 0.123455.
  ['cents without a lossy division', 12.3455, -2, '0.12346'],
  ['a shift that moves every digit past the scale', 4, -6, '0.00000'],
  ['a shift that rounds up from the first digit', 5, -6, '0.00001'],
  ['a shift upwards', 1.5, 2, '150.00000'],
];
for (const [name, value, shift, expected] of shiftCases) {
  test(`decimalText with a shift: ${name}`, () => {
    assert.equal(decimalText(value, COST, shift), expected);
  });
}

test('decimalText: another precision and scale', () => {
  assert.equal(decimalText(2.5, { precision: 3, scale: 0 }), '3');
  assert.equal(decimalText(999.5, { precision: 3, scale: 0 }), null);
  assert.equal(decimalText(-0.125, { precision: 4, scale: 2 }), '-0.13');
});

test('decimalText: agrees with exact arithmetic on cent amounts', () => {
  // Every whole number of tenths of a cent up to 10,000: the text must be the integer read in the right place.
  for (let tenths = 0; tenths <= 10_000; tenths += 7) {
    const cents = tenths / 10;
    const expected = `${Math.floor(tenths / 1000)}.${String(tenths % 1000).padStart(3, '0')}00`;
    assert.equal(decimalText(cents, COST, -2), expected, String(cents));
  }
});

test('costColumn: DECIMAL text for the cost column, NULL when absent', () => {
  assert.equal(costColumn(undefined), null);
  assert.equal(costColumn(0.5), '0.50000');
  assert.equal(costColumn(150, -2), '1.50000');
  // Any size: a cost too large for DECIMAL(10,5) is dropped, with a warning, when the call is fitted to its columns.
  assert.equal(costColumn(1e6), '1000000.00000');
});
