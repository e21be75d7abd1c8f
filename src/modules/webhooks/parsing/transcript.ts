import { at } from './untrusted-json.js';

/**
 * A transcript rebuilt from conversation turns when the provider sent none: one `Speaker: text`
 * line per turn. Turns with an unknown role or no text are skipped.
 */
export function transcriptFromTurns(
  turns: unknown[],
  textKey: string,
  speakerByRole: Readonly<Record<string, string>>,
): string | undefined {
  let transcript = '';
  for (const turn of turns) {
    const role = at(turn, 'role');
    const text = at(turn, textKey);
    if (typeof role !== 'string' || !Object.hasOwn(speakerByRole, role) || typeof text !== 'string') continue;
    transcript += `${speakerByRole[role]}: ${text}\n`;
  }
  return transcript === '' ? undefined : transcript;
}
