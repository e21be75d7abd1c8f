/** Lower-case and strip accents, so "Hélène" and "HELENE" compare equal. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

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

/** Cut a string to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}
