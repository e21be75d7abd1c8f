import { createSecretKey } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

const ISSUER = 'zenicall';
const VERIFIED_TOKENS_KEPT = 10_000;

export interface TokenSigner {
  sign(userId: number): Promise<string>;
  /** The user id, or null for anything not a valid, unexpired token of ours. */
  verify(token: string): Promise<number | null>;
  ttlSeconds: number;
}

export function createTokenSigner(secret: string, ttlSeconds: number): TokenSigner {
  // A KeyObject made once: jose would otherwise import the raw secret on every verification.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  // A dashboard sends the same token with every request: its signature is checked once, its expiry every time.
  const verified = new Map<string, { userId: number; expiresAt: number }>();
  return {
    ttlSeconds,
    sign: (userId) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(String(userId))
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
    async verify(token) {
      const known = verified.get(token);
      if (known) {
        if (known.expiresAt > Date.now()) return known.userId;
        verified.delete(token);
        return null;
      }
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ['HS256'] });
        const userId = Number(payload.sub);
        if (!Number.isInteger(userId) || userId <= 0 || typeof payload.exp !== 'number') return null;
        if (verified.size >= VERIFIED_TOKENS_KEPT) verified.clear();
        verified.set(token, { userId, expiresAt: payload.exp * 1000 });
        return userId;
      } catch {
        return null;
      }
    },
  };
}
