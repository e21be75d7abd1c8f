import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createDatabase, type DatabaseHandle } from '../src/db/create-db.js';
import { prepareDatabase } from '../src/prepare-database.js';
import { ADMIN } from './helpers/harness.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** `import … from './x.js'` and `export … from './x.js'`, not `import type` (erased) nor `import('…')` (lazy). */
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\s)[^;]*?from\s+'(\.[^']+)'|^import\s+'(\.[^']+)'/gm;

/** Every repository file an entry point loads at start-up through static imports, as paths from the root. */
function staticallyLoaded(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(posix.join(ROOT, file), 'utf8').matchAll(STATIC_IMPORT)) {
      visit(posix.normalize(posix.join(posix.dirname(file), match[1] ?? match[2]!)).replace(/\.js$/, '.ts'));
    }
  };
  visit(entry);
  return seen;
}

describe('what production processes load', () => {
  for (const entry of ['src/server.ts', 'src/cli.ts']) {
    test(`${entry} reaches only src/ through static imports (the demo generator is imported on demand)`, () => {
      const loaded = [...staticallyLoaded(entry)];
      assert.ok(loaded.includes('src/prepare-database.ts'), loaded.join('\n'));
      assert.deepEqual(
        loaded.filter((file) => !file.startsWith('src/')),
        [],
      );
    });
  }
});

describe('prepareDatabase [sqlite]', () => {
  let database: DatabaseHandle;
  beforeEach(() => {
    database = createDatabase({ url: 'sqlite::memory:' });
  });
  afterEach(() => database.destroy());

  const count = async (table: 'clinics' | 'users' | 'call_logs') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('alone, it brings the schema up to date and creates no account and no demo', async () => {
    assert.equal(await prepareDatabase(database.db), null);
    assert.deepEqual([await count('clinics'), await count('users'), await count('call_logs')], [0, 0, 0]);
  });

  test('with an administrator, it creates that account once', async () => {
    await prepareDatabase(database.db, { admin: ADMIN });
    await prepareDatabase(database.db, { admin: ADMIN });
    const users = await database.db.selectFrom('users').select(['email', 'role']).execute();
    assert.deepEqual(users, [{ email: ADMIN.email, role: 'admin' }]);
  });

  test('with demo data, it seeds the demo clinic on an empty database and returns its account, then never again', async () => {
    assert.deepEqual(await prepareDatabase(database.db, { admin: ADMIN, demoData: true }), {
      clinic: 'Zenith Dental Center',
      email: 'frontdesk@zenith-dental.example',
      password: 'zenicall-demo',
    });
    assert.equal(await prepareDatabase(database.db, { admin: ADMIN, demoData: true }), null);
    assert.deepEqual([await count('clinics'), await count('users'), await count('call_logs')], [1, 2, 150]);
  });
});
