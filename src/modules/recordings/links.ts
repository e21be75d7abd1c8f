import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived links to a call's recording on our own origin. The dashboard's `<audio>` element
 * cannot send an Authorization header, so the link itself is the credential: it names the call, the
 * user it was issued to and when it expires, signed with HMAC-SHA256. The provider's own URL (often a
 * bearer link anyone could replay for ever) never leaves the server.
 */
export interface RecordingLinks {
  /** The playable link for `user` on call `callLogId`, valid for the configured seconds. */
  linkFor(callLogId: number, user: LinkHolder): string;
  /**
   * Checks a link's parts against its user as they are now: `valid`, `expired` (signature good, time
   * past) or `invalid`. The signature covers the user's token version without the link naming it, so
   * signing out or a password change (which move the version) voids every link issued before.
   */
  check(callLogId: number, link: SignedLinkParts, currentTokenVersion: number): 'valid' | 'expired' | 'invalid';
}

export interface LinkHolder {
  id: number;
  tokenVersion: number;
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
  const sign = (callLogId: number, user: number, tokenVersion: number, expires: number) =>
    createHmac('sha256', key).update(`${callLogId}.${user}.${tokenVersion}.${expires}`).digest('base64url');
  return {
    linkFor(callLogId, user) {
      const expires = Math.floor(now() / 1000) + lifetimeSeconds;
      const signature = sign(callLogId, user.id, user.tokenVersion, expires);
      const query = new URLSearchParams({ expires: String(expires), user: String(user.id), signature });
      return `${recordingPath(callLogId)}?${query.toString()}`;
    },
    check(callLogId, { expires, user, signature }, currentTokenVersion) {
      const expected = Buffer.from(sign(callLogId, user, currentTokenVersion, expires));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
      return expires * 1000 < now() ? 'expired' : 'valid';
    },
  };
}
