import { createSecretKey } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

const ISSUER = 'zenicall';
const VERIFIED_TOKENS_KEPT = 10_000;

/** What a valid token says: whose it is, which of the user's token versions, and until when (ms since the epoch). */
export interface VerifiedToken {
  userId: number;
  /** The user's `token_version` when the token was issued; a token without the claim predates versions (0). */
  version: number;
  expiresAt: number;
}

export interface TokenSigner {
  sign(userId: number, version: number): Promise<string>;
  /** What the token says, or null for anything not a valid, unexpired token of ours. Revocation is the caller's check. */
  verify(token: string): Promise<VerifiedToken | null>;
  ttlSeconds: number;
}

export function createTokenSigner(secret: string, ttlSeconds: number): TokenSigner {
  // A KeyObject made once: jose would otherwise import the raw secret on every verification.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  // A dashboard sends the same token with every request: its signature is checked once, its expiry every time.
  const verified = new Map<string, VerifiedToken>();
  return {
    ttlSeconds,
    sign: (userId, version) =>
      new SignJWT({ ver: version })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(String(userId))
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
    async verify(token) {
      const known = verified.get(token);
      if (known) {
        if (known.expiresAt > Date.now()) return known;
        verified.delete(token);
        return null;
      }
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ['HS256'] });
        const userId = Number(payload.sub);
        const version = payload.ver ?? 0;
        if (!Number.isInteger(userId) || userId <= 0 || typeof payload.exp !== 'number') return null;
        if (!Number.isInteger(version) || (version as number) < 0) return null;
        if (verified.size >= VERIFIED_TOKENS_KEPT) verified.clear();
        const result = { userId, version: version as number, expiresAt: payload.exp * 1000 };
        verified.set(token, result);
        return result;
      } catch {
        return null;
      }
    },
  };
}
