import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The npm mirror of our build machines serves only this platform's builds of rollup's native
 * package, so `npm install` leaves the other platforms' entries out of package-lock.json and a
 * later `npm ci` refuses the lock file. This adds them back as optional entries for their own
 * os/cpu/libc (npm skips them on other machines, as it would with the full registry's lock file).
 * Run it after any `npm install` that rewrote the lock file: `npx tsx scripts/complete-lockfile.ts`.
 */
type Entry = { version: string; optionalDependencies?: Record<string, string>; [key: string]: unknown };
const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8')) as { packages: Record<string, Entry> };
const NATIVE = /^@rollup\/rollup-([a-z0-9]+)-([a-z0-9]+)(?:-([a-z]+))?$/;

let added = 0;
for (const [name, version] of Object.entries(lock.packages['node_modules/rollup']?.optionalDependencies ?? {})) {
  const match = NATIVE.exec(name);
  if (!match || lock.packages[`node_modules/${name}`]) continue;
  const [, os, cpu, abi] = match;
  lock.packages[`node_modules/${name}`] = {
    version,
    cpu: [cpu!],
    dev: true,
    ...(os === 'linux' ? { libc: [abi?.includes('musl') ? 'musl' : 'glibc'] } : {}),
    license: 'MIT',
    optional: true,
    os: [os!],
  };
  added++;
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync(path, `${JSON.stringify({ ...lock, packages: sorted }, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform entries added`);
