import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendNotFound } from './errors.js';

/** The dashboard build (`web/dist`), wherever the server runs from (`src/` with tsx, `dist/src/` built). */
const WEB_DIST_CANDIDATES = ['../../web/dist', '../../../web/dist'].map((path) => fileURLToPath(new URL(path, import.meta.url)));

const API_PATHS = /^\/(api|docs|openapi\.json|health)(\/|$|\?)/;

/**
 * Serves the dashboard at `/`, and its index page for any other page URL so deep links work.
 * API, docs and health paths never fall through to the page: they keep their JSON 404, as does
 * everything when the dashboard has not been built.
 */
export async function installDashboard(app: FastifyInstance, options: { sourceMaps: boolean }): Promise<void> {
  const root = WEB_DIST_CANDIDATES.find((path) => existsSync(`${path}/index.html`));
  if (!root) {
    app.setNotFoundHandler(sendNotFound);
    return;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: ['index.html'],
    // The source maps (1.2 MB of readable source) are built, but served only when ZENICALL_PUBLIC_SOURCE_MAPS allows.
    allowedPath: (path) => options.sourceMaps || !path.endsWith('.map'),
  });
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !API_PATHS.test(request.url) && (request.headers.accept ?? '').includes('text/html');
    if (wantsPage) return reply.type('text/html').sendFile('index.html');
    return sendNotFound(request, reply);
  });
}
