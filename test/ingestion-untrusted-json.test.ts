import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  asFiniteNumber,
  asNonBlankString,
  asNonEmptyObject,
  asObject,
  at,
  firstFiniteNumber,
  firstNonBlankString,
  jsonColumn,
} from '../src/modules/webhooks/parsing/untrusted-json.js';

// Pure functions: run once, no database.

const objectCases: Array<[string, unknown, boolean]> = [
  ['an object', { a: 1 }, true],
  ['an empty object', {}, true],
  ['an object without a prototype', Object.create(null), true],
  ['an array', [{ a: 1 }], false],
  ['null', null, false],
  ['a string', '{"a":1}', false],
  ['a number', 1, false],
  ['undefined', undefined, false],
];
for (const [name, value, isObject] of objectCases) {
  test(`asObject: ${name} ${isObject ? 'is' : 'is not'} an object`, () => {
    assert.equal(asObject(value), isObject ? value : undefined);
  });
}

test('asNonEmptyObject: an empty object, or an array, counts as absent', () => {
  assert.equal(asNonEmptyObject({}), undefined);
  assert.equal(asNonEmptyObject([1]), undefined);
  assert.deepEqual(asNonEmptyObject({ a: null }), { a: null });
});

const hostile = JSON.parse('{"__proto__": {"polluted": 1}, "list": [{"id": "x"}], "text": "abc", "n": null}');
const atCases: Array<[string, unknown, string[], unknown]> = [
  ['a nested value', { a: { b: 1 } }, ['a', 'b'], 1],
  ['no path: the root itself', 'root', [], 'root'],
  ['a missing key', { a: {} }, ['a', 'b'], undefined],
  ['a key of an array (arrays are not objects here)', hostile, ['list', '0', 'id'], undefined],
  ['a property of a string', hostile, ['text', 'length'], undefined],
  ['a key under null', hostile, ['n', 'x'], undefined],
  ['an inherited member', {}, ['constructor'], undefined],
  ['an inherited member of a JSON object', hostile, ['list', 'constructor'], undefined],
  ['a JSON key "__proto__", an own property', hostile, ['__proto__', 'polluted'], 1],
];
for (const [name, root, path, expected] of atCases) {
  test(`at: ${name}`, () => {
    assert.equal(at(root, ...path), expected);
  });
}

const numberCases: Array<[string, unknown, number | undefined]> = [
  ['an integer', 42, 42],
  ['a fraction', 0.25, 0.25],
  ['a huge finite number', 1e308, 1e308],
  ['a number too large for a double (JSON 1e400)', JSON.parse('1e400'), undefined],
  ['NaN', NaN, undefined],
  ['a number as a string', '42', undefined],
  ['a boolean', true, undefined],
  ['null', null, undefined],
  ['an array holding a number', [42], undefined],
];
for (const [name, value, expected] of numberCases) {
  test(`asFiniteNumber: ${name}`, () => {
    assert.equal(asFiniteNumber(value), expected);
  });
}

const stringCases: Array<[string, unknown, string | undefined]> = [
  ['text, returned untouched', '  Luis ', '  Luis '],
  ['an empty string', '', undefined],
  ['spaces and a no-break space', ' \u00a0\t\n', undefined],
  ['a number', 42, undefined],
  ['an array of strings', ['Luis'], undefined],
  ['an object', { text: 'Luis' }, undefined],
];
for (const [name, value, expected] of stringCases) {
  test(`asNonBlankString: ${name}`, () => {
    assert.equal(asNonBlankString(value), expected);
  });
}

test('asNonBlankString: a huge string passes whole', () => {
  const huge = 'x'.repeat(5_000_000);
  assert.equal(asNonBlankString(huge), huge);
});

test('firstNonBlankString and firstFiniteNumber: the first usable value, in order', () => {
  assert.equal(firstNonBlankString(undefined, 12, ' ', 'second', 'third'), 'second');
  assert.equal(firstNonBlankString(null, {}), undefined);
  assert.equal(firstFiniteNumber('3', null, Infinity, 0, 4), 0);
  assert.equal(firstFiniteNumber(), undefined);
});

const jsonCases: Array<[string, unknown, string | null]> = [
  ['an object', { a: [1, 'é'] }, '{"a":[1,"é"]}'],
  ['an array', [], '[]'],
  ['a string', 'text', '"text"'],
  ['null, as JSON', null, 'null'],
  ['undefined, as NULL', undefined, null],
];
for (const [name, value, expected] of jsonCases) {
  test(`jsonColumn: ${name}`, () => {
    assert.equal(jsonColumn(value), expected);
  });
}

test('jsonColumn: nesting JSON.parse accepts but JSON.stringify cannot recurse into is NULL, not a throw', () => {
  const depth = 200_000;
  const deep = JSON.parse('['.repeat(depth) + ']'.repeat(depth));
  assert.equal(jsonColumn(deep), null);
});
