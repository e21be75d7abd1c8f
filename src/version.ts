import { readFileSync } from 'node:fs';

/** package.json's version, read once; works from `src/` (tsx) and `dist/src/` (built). */
function readVersion(): string {
  for (const path of ['../package.json', '../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

export const version = readVersion();
