// The server's own reading of the voice agent's data (the same key aliases and the same folding), so
// the dashboard finds the callback time under whatever name the assistant gave it.
import { structuredFieldReader } from '../../../src/modules/webhooks/parsing/field-aliases.js';
import { normaliseValue } from '../../../src/modules/webhooks/parsing/synonyms.js';
import type { JsonObject } from '../../../src/modules/webhooks/parsing/untrusted-json.js';
import type { CallbackLabel } from '../api/types.js';
import type { Messages } from '../i18n/en.js';

/**
 * What the caller said about a callback time when it is more than the stored preference: "As soon as
 * possible" is stored as Anytime, "after 3 pm" as nothing at all. Null when the words are the label's.
 */
export function callbackSaid(rawStructuredData: unknown, stored: CallbackLabel | null): string | null {
  if (typeof rawStructuredData !== 'object' || rawStructuredData === null || Array.isArray(rawStructuredData)) return null;
  const said = structuredFieldReader(rawStructuredData as JsonObject)('callback');
  if (typeof said !== 'string' || !normaliseValue(said)) return null;
  if (stored && normaliseValue(said) === normaliseValue(stored)) return null;
  return said.trim();
}

/** "Anytime · “As soon as possible”", "“after 3 pm”", "Morning", or null when nothing was said. */
export function describeCallback(rawStructuredData: unknown, stored: CallbackLabel | null, t: Messages): string | null {
  const said = callbackSaid(rawStructuredData, stored);
  const label = stored ? t.callback[stored] : null;
  if (!said) return label;
  return label ? `${label} · ${t.callbackSaid(said)}` : t.callbackSaid(said);
}
