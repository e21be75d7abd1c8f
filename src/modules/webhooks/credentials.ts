import { createHmac, timingSafeEqual } from 'node:crypto';
import { verify as verifyRetellSignature } from 'retell-sdk';
import { Errors } from '../../shared/errors.js';

const notConfigured = (provider: string) =>
  Errors.webhookNotConfigured(`The ${provider} webhook has no credential configured on this server.`);

type Headers = Record<string, string | string[] | undefined>;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Constant-time for equal lengths; a length mismatch reveals only the length. */
function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const HMAC_TOLERANCE_MS = 5 * 60 * 1000;

/** `x-timestamp` is Unix seconds; values above 10^12 are milliseconds. */
function timestampMs(value: string): number | null {
  if (!/^\d{1,16}$/.test(value)) return null;
  const number = Number(value);
  return number > 1e12 ? number : number * 1000;
}

/**
 * Vapi's credentials: the shared secret (`x-vapi-secret`, or `Authorization: Bearer`) and the HMAC
 * pair (`x-signature` = hex HMAC-SHA256 of `"{x-timestamp}.{raw body}"`). A delivery passes when it
 * presents at least one credential and every credential it presents is valid: a wrong one beside a
 * right one still fails, so a leaked old secret cannot ride along with a signature.
 */
export function checkVapiCredentials(
  headers: Headers,
  rawBody: string,
  secrets: { secret?: string; hmacSecret?: string },
  now = Date.now(),
): void {
  judgeVapiCredentials(headers, secrets, (signature, timestamp, hmacSecret) => validHmac(signature, timestamp, rawBody, hmacSecret, now));
}

/**
 * The same judgement before the body is read: shared secrets are checked in full; a signature can
 * only be checked against the body, so here it must merely be well formed and fresh. What fails
 * here is refused without reading a byte of its body (routes.ts).
 */
export function precheckVapiCredentials(headers: Headers, secrets: { secret?: string; hmacSecret?: string }, now = Date.now()): void {
  judgeVapiCredentials(headers, secrets, (signature, timestamp) => HEX_SHA256.test(signature.trim()) && freshTimestamp(timestamp, now));
}

const HEX_SHA256 = /^(sha256=)?[0-9a-f]{64}$/i;

function judgeVapiCredentials(
  headers: Headers,
  secrets: { secret?: string; hmacSecret?: string },
  hmacPasses: (signature: string, timestamp: string, hmacSecret: string) => boolean,
): void {
  if (!secrets.secret && !secrets.hmacSecret) throw notConfigured('Vapi');
  const verdicts: boolean[] = [];

  const sharedSecret = header(headers, 'x-vapi-secret');
  if (sharedSecret !== undefined) verdicts.push(!!secrets.secret && sameSecret(sharedSecret, secrets.secret));

  const authorization = header(headers, 'authorization');
  if (authorization !== undefined) {
    const bearer = /^bearer\s+(.+)$/i.exec(authorization.trim())?.[1];
    verdicts.push(!!secrets.secret && bearer !== undefined && sameSecret(bearer, secrets.secret));
  }

  const signature = header(headers, 'x-signature');
  const timestamp = header(headers, 'x-timestamp');
  if (signature !== undefined || timestamp !== undefined) {
    verdicts.push(
      !!secrets.hmacSecret && signature !== undefined && timestamp !== undefined && hmacPasses(signature, timestamp, secrets.hmacSecret),
    );
  }

  if (verdicts.length === 0 || verdicts.includes(false)) throw Errors.webhookUnauthorized();
}

function freshTimestamp(timestamp: string, now: number): boolean {
  const sentAt = timestampMs(timestamp);
  return sentAt !== null && Math.abs(now - sentAt) <= HMAC_TOLERANCE_MS;
}

function validHmac(signature: string, timestamp: string, rawBody: string, secret: string, now: number): boolean {
  if (!freshTimestamp(timestamp, now)) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  return sameSecret(
    signature
      .trim()
      .replace(/^sha256=/i, '')
      .toLowerCase(),
    expected,
  );
}

/** Retell signs the raw body with the API key; the official SDK's `verify` also bounds the signature's age. */
export async function checkRetellSignature(headers: Headers, rawBody: string, apiKey: string | undefined): Promise<void> {
  if (!apiKey) throw notConfigured('Retell');
  const signature = header(headers, 'x-retell-signature');
  if (!signature || !(await verifyRetellSignature(rawBody, apiKey, signature).catch(() => false))) {
    throw Errors.webhookUnauthorized();
  }
}

const RETELL_SIGNATURE = /^v=(\d{1,16}),d=[0-9a-f]{64}$/i;
const RETELL_TOLERANCE_MS = 5 * 60 * 1000;

/** Before the body is read: a Retell signature is present, well formed (`v=<ms>,d=<hex>`) and fresh. */
export function precheckRetellSignature(headers: Headers, apiKey: string | undefined, now = Date.now()): void {
  if (!apiKey) throw notConfigured('Retell');
  const signedAt = RETELL_SIGNATURE.exec(header(headers, 'x-retell-signature') ?? '')?.[1];
  if (signedAt === undefined || Math.abs(now - Number(signedAt)) > RETELL_TOLERANCE_MS) throw Errors.webhookUnauthorized();
}
