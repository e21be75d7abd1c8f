import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findEscapesInText } from '../scripts/check-self-contained.js';

/** Built so that this file does not itself name a path outside the repository. */
const UP = '..' + '/';
const SCRIPT = fileURLToPath(new URL('../scripts/check-self-contained.ts', import.meta.url));
const TOP_LEVEL = new Set(['src', 'test', 'web', 'package.json', 'README.md']);

describe('which paths count as outside the repository', () => {
  const cases: { file: string; text: string; escapes: string[] }[] = [
    {
      file: 'test/helpers/vapi.ts',
      text: `new URL('${UP}${UP}${UP}shared/fixtures/', import.meta.url)`,
      escapes: [`${UP}${UP}${UP}shared/fixtures/`],
    },
    { file: 'test/helpers/vapi.ts', text: `new URL('${UP}fixtures/vapi/', import.meta.url)`, escapes: [] },
    { file: 'src/modules/users/service.ts', text: `import { Errors } from '${UP}${UP}shared/errors.js';`, escapes: [] },
    { file: 'src/version.ts', text: `readFileSync(new URL('${UP}${UP}package.json', import.meta.url))`, escapes: [] },
    {
      file: 'src/version.ts',
      text: `readFileSync(new URL('${UP}${UP}shared/seed.txt', import.meta.url))`,
      escapes: [`${UP}${UP}shared/seed.txt`],
    },
    { file: 'web/tsconfig.json', text: `"paths": { "x": ["${UP}src/shared/schemas.ts"] }`, escapes: [] },
    { file: 'README.md', text: `simulate ${UP}shared/fixtures/vapi/04.json`, escapes: [`${UP}shared/fixtures/vapi/04.json`] },
    { file: 'README.md', text: 'npm run cli -- simulate test/fixtures/vapi/04.json ./data/zenicall.sqlite', escapes: [] },
    { file: 'docs/performance.md', text: `See [the README](${UP}README.md).`, escapes: [] },
    { file: 'docs/performance.md', text: `Run \`tsx ${UP}shared/bench.ts\` first.`, escapes: [`${UP}shared/bench.ts`] },
    { file: '.ci/run', text: `cd "$(dirname "$0")/.."\nbash ${UP}shared/setup.sh`, escapes: [`${UP}shared/setup.sh`] },
  ];
  for (const { file, text, escapes } of cases) {
    test(`${file}: ${text.split('\n').at(-1)}`, () => {
      assert.deepEqual(
        findEscapesInText(file, text, TOP_LEVEL).map((escape) => escape.path),
        escapes,
      );
    });
  }

  test('reports the line of each escape', () => {
    assert.deepEqual(findEscapesInText('README.md', `# Title\n\ncat ${UP}notes.txt`, TOP_LEVEL), [
      { file: 'README.md', line: 3, path: `${UP}notes.txt` },
    ]);
  });
});

describe('the check on a git repository', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(repo, file)), { recursive: true });
    writeFileSync(join(repo, file), text);
  };
  const runCheck = () => spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), SCRIPT], { cwd: repo, encoding: 'utf8' });

  before(() => {
    repo = mkdtempSync(join(tmpdir(), 'zenicall-self-contained-'));
    git('init', '--quiet');
    write('test/helpers/good.ts', `export const DIR = new URL('${UP}fixtures/vapi/', import.meta.url);\n`);
    write('test/helpers/bad.ts', `// fixtures\nexport const DIR = new URL('${UP}${UP}${UP}shared/fixtures/vapi/', import.meta.url);\n`);
    write('untracked.ts', `export const DIR = '${UP}${UP}elsewhere';\n`);
    git('add', 'test');
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  test('fails with file:line for a tracked file that names a path outside the repository', () => {
    const result = runCheck();
    assert.equal(result.status, 1, result.stderr);
    assert.equal(
      result.stderr,
      `test/helpers/bad.ts:2: ${UP}${UP}${UP}shared/fixtures/vapi/ points outside the repository\n` +
        '1 path(s) outside the repository: keep what the project reads inside it.\n',
    );
  });

  test('passes once that file only names paths inside the repository', () => {
    write('test/helpers/bad.ts', `export const DIR = new URL('${UP}fixtures/vapi/', import.meta.url);\n`);
    const result = runCheck();
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
  });
});
