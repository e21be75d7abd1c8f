import type { NewCallLog, RouteType } from '../../db/database.js';
import { asNonBlankString } from './parsing/untrusted-json.js';
import { ErrorCatalogue } from '../../shared/errors.js';
import type { FieldWarning } from './schemas.js';

/**
 * The provider-neutral contract between a voice provider's webhook body and the shared ingestion
 * pipeline. An adapter is pure: it never touches HTTP or the database and never throws, so the
 * pipeline can log every delivery (redacted) and decide what to store from `parse` alone.
 */

/**
 * One call as the provider reported it: the `call_logs` insert shape minus what the pipeline owns
 * (id, clinic, status, timestamps). Every column is present (nullable ones as `null`), so an
 * adapter cannot forget one.
 */
export type IngestedCall = Required<Omit<NewCallLog, 'id' | 'clinic_id' | 'status' | 'created_at' | 'updated_at'>>;

export type { RouteType };

/** An identifier the pipeline looks up to find the owning clinic. */
export interface RouteCandidate {
  type: RouteType;
  value: string;
}

const { webhookPayloadInvalid, webhookCallIdMissing, webhookStartTimeMissing } = ErrorCatalogue;
/** Every way a delivery can be malformed, with the status it answers (rules 2, 4 and 5 of the Vapi spec). */
const REJECTION_STATUS = {
  [webhookPayloadInvalid.key]: webhookPayloadInvalid.status,
  [webhookCallIdMissing.key]: webhookCallIdMissing.status,
  [webhookStartTimeMissing.key]: webhookStartTimeMissing.status,
} as const;

export type RejectionKey = keyof typeof REJECTION_STATUS;

/** A value the provider sent that was not stored as sent: which column, and why (kept in the inbox row, shown by its API). */
export type { FieldWarning };

export type ParsedDelivery =
  /**
   * A finished call to store; `routes` are in priority order, the first that resolves wins. `call`
   * holds what the provider reported, not yet fitted to the columns (ingestion fits it, see
   * parsing/column-fit.ts); `warnings` name the values the adapter could not read (a date that does not exist).
   */
  | {
      kind: 'report';
      messageType: string;
      externalCallId: string;
      routes: RouteCandidate[];
      call: IngestedCall;
      warnings: FieldWarning[];
    }
  /** A well-formed delivery of a kind we acknowledge but do not store (status updates, live events). */
  | { kind: 'ignored'; messageType: string; externalCallId: string | null }
  /** A malformed delivery: answer `httpStatus` with `{detail, error_key}` and store nothing. */
  | {
      kind: 'rejected';
      messageType: string | null;
      externalCallId: string | null;
      errorKey: RejectionKey;
      detail: string;
      httpStatus: (typeof REJECTION_STATUS)[RejectionKey];
    };

export interface ProviderAdapter {
  name: 'vapi' | 'retell';
  parse(body: unknown): ParsedDelivery;
  /** The body, safe to keep in the webhook-event log: itself when it holds no credential (see `redactCredentials`). */
  redact(body: unknown): unknown;
}

export function rejectedDelivery(
  errorKey: RejectionKey,
  detail: string,
  messageType: string | null = null,
  externalCallId: string | null = null,
): ParsedDelivery {
  return { kind: 'rejected', messageType, externalCallId, errorKey, detail, httpStatus: REJECTION_STATUS[errorKey] };
}

/** Route candidates in the order given, keeping only those with a usable (non-blank string) value. */
export function routeCandidates(...candidates: Array<[type: RouteType, value: unknown]>): RouteCandidate[] {
  return candidates.flatMap(([type, value]) => {
    const text = asNonBlankString(value);
    return text === undefined ? [] : [{ type, value: text }];
  });
}

export const REDACTED = '[redacted]';

/**
 * Key names that carry credentials. Vapi embeds the phone-number object, which can hold
 * Twilio/Vonage/Telnyx secrets, and the assistant's server `credentialId`.
 */
const CREDENTIAL_KEY = /secret|token|password|apikey|api_key|authorization|credential/i;

/**
 * Credentials are strings (or objects holding strings). Numbers, booleans and nulls under a
 * matching key are usage counters and flags (`llmPromptTokens`, `isServerUrlSecretSet`) that
 * reveal nothing, so they are kept.
 */
function isCredentialEntry(key: string, value: unknown): boolean {
  return CREDENTIAL_KEY.test(key) && value !== null && typeof value !== 'number' && typeof value !== 'boolean';
}

type Container = Record<string, unknown> | unknown[];

function emptyCopyOf(value: unknown): Container | undefined {
  if (Array.isArray(value)) return [];
  if (typeof value === 'object' && value !== null) return {};
  return undefined;
}

/** Deeper bodies take the copying path (reports are about a dozen levels deep). */
const SHALLOW_DEPTH = 64;

/** No entry, however deep, is a credential, and nothing is nested deeper than SHALLOW_DEPTH. */
function isCleanAndShallow(body: unknown): boolean {
  const pending: [value: unknown, depth: number][] = [[body, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, depth] = next;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= SHALLOW_DEPTH) return false;
    const isArray = Array.isArray(value);
    for (const [key, child] of Object.entries(value)) {
      if (!isArray && isCredentialEntry(key, child)) return false;
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
    }
  }
  return true;
}

/**
 * `body` with every credential value replaced by `[redacted]`; nothing is dropped. `body` itself
 * when nothing needs replacing and it is not nested deeper than SHALLOW_DEPTH (most reports: their
 * text can then be kept as it came), else a deep copy. Iterative rather than recursive because
 * `JSON.parse` accepts nesting far deeper than the call stack, and a hostile body must not crash
 * the logger.
 */
export function redactCredentials(body: unknown): unknown {
  if (isCleanAndShallow(body)) return body;
  const rootCopy = emptyCopyOf(body);
  if (rootCopy === undefined) return body;
  const pending: Array<[source: object, copy: Container]> = [[body as object, rootCopy]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [source, copy] = next;
    for (const [key, value] of Object.entries(source)) {
      const childCopy = emptyCopyOf(value);
      let copied: unknown = value;
      if (!Array.isArray(source) && isCredentialEntry(key, value)) copied = REDACTED;
      else if (childCopy !== undefined) {
        copied = childCopy;
        pending.push([value as object, childCopy]);
      }
      // defineProperty, not assignment: a JSON key "__proto__" must stay a plain own property.
      Object.defineProperty(copy, key, { value: copied, enumerable: true, writable: true, configurable: true });
    }
  }
  return rootCopy;
}
