import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Fails when a tracked file names a relative path that climbs out of the repository (a fixture read from a folder
 * beside the clone, a README command pointing there). Such a path works on the machine that wrote it and breaks in
 * every fresh clone, so `npm run lint` runs this check.
 *
 * A path is any `./` or `../` run followed by a name, wherever it appears (string literal, comment, command). It is
 * resolved from the file's folder, as an import, `new URL(…, import.meta.url)`, a tsconfig entry or a Markdown link
 * is. Source code may instead mean its compiled copy's folder under `dist/` (the build's outDir: `src/version.ts`
 * reads `../../package.json` from `dist/src/`), if that lands in a top-level entry the repository tracks. Documents
 * and shell scripts are also resolved from the repository root, where the README's and CI's commands run (Markdown
 * links excepted: they stay relative to their file).
 *
 * Usage: `tsx scripts/check-self-contained.ts` from anywhere inside the repository.
 */

export interface Escape {
  file: string;
  line: number;
  path: string;
}

const RELATIVE_PATH = /(?<![\w/.~-])((?:\.\.?\/)+[^\s'"`()[\]{}<>,;|*]*)/g;
const MARKDOWN_LINK_TARGET = /\]\(\s*$/;
const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
/** Markdown, YAML, shell scripts and extension-less scripts (`.ci/run`): their commands run from the root. */
const RUN_FROM_ROOT = /(?:\.md|\.ya?ml|\.sh|(?:^|\/)[^./]+)$/;

const resolve = (folder: string, relative: string) => posix.normalize(posix.join(folder, relative));
const leavesRoot = (folder: string, relative: string) => {
  const resolved = resolve(folder, relative);
  return resolved === '..' || resolved.startsWith('../');
};

/**
 * The escaping paths in one file's text; `file` is its path from the repository root, with `/`, and `topLevel` the
 * names of the entries at the repository's root.
 */
export function findEscapesInText(file: string, text: string, topLevel: ReadonlySet<string>): Escape[] {
  const folder = posix.dirname(file);
  const isSource = SOURCE.test(file);
  const fromRootToo = RUN_FROM_ROOT.test(file);
  const escapes: Escape[] = [];
  text.split('\n').forEach((content, index) => {
    for (const match of content.matchAll(RELATIVE_PATH)) {
      const path = match[1]!;
      const inLink = file.endsWith('.md') && MARKDOWN_LINK_TARGET.test(content.slice(0, match.index));
      const fromBuild = isSource && topLevel.has(resolve(posix.join('dist', folder), path).split('/')[0]!);
      const escapesFromFile = leavesRoot(folder, path) && !fromBuild;
      if (escapesFromFile || (fromRootToo && !inLink && leavesRoot('.', path))) {
        escapes.push({ file, line: index + 1, path });
      }
    }
  });
  return escapes;
}

/** Every escaping path in the files git tracks under `root` (binary files are skipped). */
export function findEscapes(root: string): Escape[] {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter(Boolean);
  const topLevel = new Set(files.map((file) => file.split('/')[0]!));
  return files.flatMap((file) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(posix.join(root, file));
    } catch {
      return []; // Tracked but deleted in the working tree.
    }
    return bytes.includes(0) ? [] : findEscapesInText(file, bytes.toString('utf8'), topLevel);
  });
}

function main() {
  const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
  const escapes = findEscapes(root);
  for (const { file, line, path } of escapes) {
    console.error(`${file}:${line}: ${path} points outside the repository`);
  }
  if (escapes.length > 0) {
    console.error(`${escapes.length} path(s) outside the repository: keep what the project reads inside it.`);
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
