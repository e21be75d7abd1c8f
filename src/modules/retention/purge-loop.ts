import type { FastifyInstance } from 'fastify';
import { purgeExpiredContent } from './service.js';

/**
 * Purges calls past their clinic's retention once the server is ready and then every
 * `retentionPurgeSeconds`. Like the webhook retries, only one process of a cluster runs it
 * (`backgroundJobs`); a second purger (the CLI) is safe anyway: each batch locks its rows.
 */
export function startRetentionPurge(app: FastifyInstance): void {
  const seconds = app.config.retentionPurgeSeconds;
  if (seconds <= 0) return;
  let running: Promise<void> | undefined;
  const purge = async () => {
    try {
      const report = await purgeExpiredContent(app.db, app.log);
      if (report.purged > 0) app.log.info({ purged: report.purged, clinics: report.clinics }, 'retention purge cleared old calls’ content');
    } catch (error) {
      app.log.error({ err: error }, 'retention purge failed; it runs again at the next interval');
    } finally {
      running = undefined;
    }
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    running ??= purge();
    timer = setInterval(() => void (running ??= purge()), seconds * 1000);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
