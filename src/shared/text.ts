/** Lower-case and strip accents, so "Hélène" and "HELENE" compare equal. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** A phone's digits, every other character dropped: how two numbers are compared (migration 005's rule). */
export const phoneDigits = (phone: string): string => phone.replace(/[^0-9]/g, '');

/** The first `maxChars` code points of `text`; a surrogate pair is kept whole or dropped whole. */
export function truncateCodePoints(text: string, maxChars: number): string {
  // A string has at least as many UTF-16 units as code points: no shorter one needs a cut.
  if (text.length <= maxChars) return text;
  let units = 0;
  let count = 0;
  for (const char of text) {
    if (count === maxChars) break;
    units += char.length;
    count += 1;
  }
  return text.slice(0, units);
}

/** UTF-8 bytes of one code point. */
const utf8Size = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/** Bytes of `text` in UTF-8 (a lone surrogate counts as U+FFFD does: 3). Plain code, so the dashboard can share this module. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (const char of text) bytes += utf8Size(char.codePointAt(0)!);
  return bytes;
}

/** Cut a string to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  // Every UTF-16 unit is at most 3 bytes: no longer string needs counting.
  if (text.length * 3 <= maxBytes || utf8ByteLength(text) <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Size(char.codePointAt(0)!);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}
