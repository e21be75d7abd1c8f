import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALL_LOG_COLUMN_LIMITS } from '../src/db/database.js';
import { fitToColumns, jsonNestingDepth } from '../src/modules/webhooks/parsing/column-fit.js';
import type { IngestedCall } from '../src/modules/webhooks/provider.js';
import { asExternalCallId, firstStorableUrl, truncateCodePoints, varcharColumn } from '../src/modules/webhooks/parsing/text-limits.js';

// Pure functions: run once, no database. MariaDB's VARCHAR(n) in utf8mb4 counts code points, so an
// emoji (two UTF-16 units) is one character, and half of one is never stored.

const EMOJI = '😀';
const codePoints = (text: string) => [...text].length;
/** A high surrogate with no low one after it: what a `.slice` through an emoji leaves. */
const endsInLoneSurrogate = (text: string) => /[\uD800-\uDBFF]$/.test(text);

const truncateCases: Array<[string, string, number, string]> = [
  ['short text is untouched', 'abc', 5, 'abc'],
  ['ASCII is cut to the count', 'abcdef', 3, 'abc'],
  ['an emoji inside the limit is kept whole', `a${EMOJI}b`, 2, `a${EMOJI}`],
  ['an emoji just past the limit is dropped whole', `a${EMOJI}b`, 1, 'a'],
  ['emoji count one each (4 units, 2 characters)', EMOJI + EMOJI, 2, EMOJI + EMOJI],
  ['a limit of zero is empty', EMOJI, 0, ''],
  ['accents count one each', 'é'.repeat(5), 3, 'ééé'],
  ['a lone surrogate in the input is one character', `\uD83Dxyz`, 2, `\uD83Dx`],
];
for (const [name, text, max, expected] of truncateCases) {
  test(`truncateCodePoints: ${name}`, () => {
    assert.equal(truncateCodePoints(text, max), expected);
  });
}

test('truncateCodePoints: emoji across the 255 boundary, where .slice would split a pair', () => {
  const text = EMOJI.repeat(300);
  assert.ok(endsInLoneSurrogate(text.slice(0, 255)), 'the trap this function avoids');
  const cut = truncateCodePoints(text, 255);
  assert.equal(codePoints(cut), 255);
  assert.equal(cut, EMOJI.repeat(255));
  assert.ok(!endsInLoneSurrogate(cut));
});

test('varcharColumn: cut to the declared column length, absent is NULL', () => {
  const limit = CALL_LOG_COLUMN_LIMITS.ended_reason.chars;
  assert.equal(varcharColumn(undefined, 'ended_reason'), null);
  assert.equal(varcharColumn(EMOJI.repeat(limit + 1), 'ended_reason'), EMOJI.repeat(limit));
  assert.equal(varcharColumn('x'.repeat(limit), 'ended_reason'), 'x'.repeat(limit));
});

const TEXT_BYTES = CALL_LOG_COLUMN_LIMITS.summary.bytes;
const textCases: Array<[string, string, string]> = [
  ['text within the bytes is untouched', 'a'.repeat(TEXT_BYTES), 'a'.repeat(TEXT_BYTES)],
  ['ASCII is cut to the bytes', 'a'.repeat(TEXT_BYTES + 1), 'a'.repeat(TEXT_BYTES)],
  ['a two-byte character is never halved', 'é'.repeat(32_768), 'é'.repeat(32_767)],
  ['a four-byte emoji at the boundary is dropped whole', `a${EMOJI.repeat(16_384)}`, `a${EMOJI.repeat(16_383)}`],
];
/** A call whose every value fits, to change one value at a time. */
const FITTING_CALL: IngestedCall = {
  external_call_id: 'call-1',
  caller_first_name: null,
  caller_last_name: null,
  caller_phone_number: '+15550100000',
  is_existing_patient: null,
  call_started_at: '2026-10-01 09:00:00',
  call_ended_at: null,
  call_duration_seconds: null,
  reason_for_call: null,
  callback_preference: null,
  summary: null,
  detailed_reason: null,
  preferred_dentist: null,
  full_conversation_json: null,
  raw_structured_data: null,
  transcript_text: null,
  audio_recording_url: null,
  cost: null,
  ended_reason: null,
};

for (const [name, text, expected] of textCases) {
  test(`fitToColumns, TEXT: ${name}`, () => {
    const { call, warnings } = fitToColumns({ ...FITTING_CALL, summary: text });
    assert.equal(call.summary, expected);
    assert.ok(Buffer.byteLength(call.summary, 'utf8') <= TEXT_BYTES);
    assert.deepEqual(
      warnings.map((w) => w.field),
      text === expected ? [] : ['summary'],
    );
  });
}

test('fitToColumns: a call that fits is returned unchanged, without warnings', () => {
  assert.deepEqual(fitToColumns(FITTING_CALL), { call: FITTING_CALL, warnings: [] });
});

test('jsonNestingDepth: counts arrays and objects, not brackets inside strings', () => {
  assert.equal(jsonNestingDepth('1'), 0);
  assert.equal(jsonNestingDepth('[[]]'), 2);
  assert.equal(jsonNestingDepth('{"a":[{"b":"[[[{"}]}'), 3);
  assert.equal(jsonNestingDepth('["\\"", ["x"]]'), 2);
});

const ID_CHARS = CALL_LOG_COLUMN_LIMITS.external_call_id.chars;
const callIdCases: Array<[string, unknown, string | undefined]> = [
  ['a UUID', '0b9f6a0e-2f4c-4f1e-9d3a-7c1b2a3d4e5f', '0b9f6a0e-2f4c-4f1e-9d3a-7c1b2a3d4e5f'],
  ['an id as long as the column', 'x'.repeat(ID_CHARS), 'x'.repeat(ID_CHARS)],
  ['an id longer than the column (rejected, never cut)', 'x'.repeat(ID_CHARS + 1), undefined],
  // Counted in UTF-16 units, never fewer than code points: what passes always fits.
  ['an id of emoji longer in UTF-16 units than the column', EMOJI.repeat(ID_CHARS / 2 + 1), undefined],
  ['an empty string', '', undefined],
  ['a number (never coerced)', 12345, undefined],
  ['an object', { id: 'x' }, undefined],
];
for (const [name, value, expected] of callIdCases) {
  test(`asExternalCallId: ${name}`, () => {
    assert.equal(asExternalCallId(value), expected);
  });
}

test('firstStorableUrl: the first non-blank URL that fits whole; a longer one is skipped, not cut', () => {
  const tooLong = `https://example.test/${'x'.repeat(CALL_LOG_COLUMN_LIMITS.audio_recording_url.chars)}`;
  assert.equal(firstStorableUrl(undefined, ' ', 42, tooLong, 'https://example.test/a.wav'), 'https://example.test/a.wav');
  assert.equal(firstStorableUrl(tooLong), null);
  assert.equal(firstStorableUrl(), null);
});
