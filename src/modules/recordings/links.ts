import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived links to a call's recording on our own origin. The dashboard's `<audio>` element
 * cannot send an Authorization header, so the link itself is the credential: it names the call, the
 * user it was issued to and when it expires, signed with HMAC-SHA256. The provider's own URL (often a
 * bearer link anyone could replay for ever) never leaves the server.
 */
export interface RecordingLinks {
  /** The playable link for `userId` on call `callLogId`, valid for the configured seconds. */
  linkFor(callLogId: number, userId: number): string;
  /** Checks a link's parts: `valid`, `expired` (signature good, time past) or `invalid`. */
  check(callLogId: number, link: SignedLinkParts): 'valid' | 'expired' | 'invalid';
}

export interface SignedLinkParts {
  expires: number;
  user: number;
  signature: string;
}

/** Why a derived key: a recording signature must never be usable as (or reveal anything about) a session token's. */
const KEY_PURPOSE = 'zenicall recording links v1';

export const recordingPath = (callLogId: number) => `/api/v1/call-logs/${callLogId}/recording`;

export function createRecordingLinks(jwtSecret: string, lifetimeSeconds: number, now: () => number = Date.now): RecordingLinks {
  const key = createHmac('sha256', jwtSecret).update(KEY_PURPOSE).digest();
  const sign = (callLogId: number, user: number, expires: number) =>
    createHmac('sha256', key).update(`${callLogId}.${user}.${expires}`).digest('base64url');
  return {
    linkFor(callLogId, userId) {
      const expires = Math.floor(now() / 1000) + lifetimeSeconds;
      const query = new URLSearchParams({ expires: String(expires), user: String(userId), signature: sign(callLogId, userId, expires) });
      return `${recordingPath(callLogId)}?${query.toString()}`;
    },
    check(callLogId, { expires, user, signature }) {
      const expected = Buffer.from(sign(callLogId, user, expires));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
      return expires * 1000 < now() ? 'expired' : 'valid';
    },
  };
}
