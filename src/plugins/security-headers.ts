import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * The browser's side of the door, on every response (dashboard, API, docs): a strict Content
 * Security Policy, so an injected script cannot run and read the token the dashboard keeps in
 * sessionStorage; no framing (clickjacking); no MIME sniffing; no Referer leaving the site (URLs
 * carry search text). The dashboard's build has no inline script or style, so `'self'` is all it
 * needs; its only `data:` URL is an SVG check mark in the stylesheet.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  // Recordings are played from a same-origin link the server streams, never from the provider's URL.
  'media-src': ["'self'"],
  // The API and the live-update stream are same-origin.
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export function installSecurityHeaders(app: FastifyInstance): void {
  const headers = securityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

/**
 * Helmet's headers for these options, worked out once. They are the same on every response, and
 * building helmet's middleware per request (as @fastify/helmet does) cost a third of the API's
 * throughput in the benchmark.
 */
function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const collector = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet({
    // Only these directives: helmet's defaults would add `upgrade-insecure-requests`, which breaks a
    // clinic running Zenicall over plain HTTP on its own network.
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Honoured only over HTTPS; the clinic's other sub-domains are not ours to pin.
    strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
    crossOriginEmbedderPolicy: false,
  })({} as IncomingMessage, collector as unknown as ServerResponse, () => {});
  return headers;
}
