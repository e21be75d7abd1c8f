import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { countsOf } from './helpers/call-logs.js';
import { describeEachDatabase } from './helpers/harness.js';

/**
 * Filters the list refuses, the per-status counts refuse too (they share one schema), and a search
 * with control characters is refused instead of matching every call.
 */

const MUST_BE_STATUS = 'must be New, In Progress, Done or Archived';
const NO_CONTROL = 'must not contain control characters';

describeEachDatabase('call-log filters the API refuses', (h) => {
  let token: string;
  let list: string;
  before(async () => {
    const clinic = await h.createClinic();
    token = (await h.createUser('staff', [clinic.id])).token;
    list = `/api/v1/call-logs/by-clinic/${clinic.id}`;
  });

  const refused = async (url: string, loc: (string | number)[], msg: string) => {
    const response = await h.call({ method: 'GET', url, token });
    assert.equal(response.status, 422, url);
    assert.deepEqual(response.body, { detail: `${loc.join('.')}: ${msg}`, error_key: 'VALIDATION_ERROR', errors: [{ loc, msg }] }, url);
  };

  for (const [path, label] of [
    ['', 'the list'],
    ['/counts', 'the counts'],
  ] as const) {
    test(`${label}: status[]=bogus is a 422`, () => refused(`${list}${path}?status[]=bogus`, ['query', 'status[]', 0], MUST_BE_STATUS));
    test(`${label}: status=bogus is a 422`, () => refused(`${list}${path}?status=bogus`, ['query', 'status', 0], MUST_BE_STATUS));
    for (const [search, shown] of [
      ['%00', 'NUL'],
      ['okafor%00', 'a word with NUL'],
      ['%1B%5B2J', 'an escape sequence'],
      ['%7F', 'DEL'],
    ] as const) {
      test(`${label}: a search with ${shown} is a 422`, () => refused(`${list}${path}?search=${search}`, ['query', 'search'], NO_CONTROL));
    }
  }

  test('tabs and line breaks are spaces between words, not refused', async () => {
    for (const path of ['', '/counts']) {
      const response = await h.call({ method: 'GET', url: `${list}${path}?search=smith%09jones%0Aroy`, token });
      assert.equal(response.status, 200, path);
    }
  });

  test('the counts take a valid status filter and still count every status', async () => {
    const response = await h.call({ method: 'GET', url: `${list}/counts?status[]=New&status=done`, token });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, countsOf({ New: 0, 'In Progress': 0, Done: 0, Archived: 0 }));
  });
});
