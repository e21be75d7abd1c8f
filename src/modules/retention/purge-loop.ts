import type { FastifyInstance } from 'fastify';
import { runPeriodically } from '../../shared/background-task.js';
import { purgeExpiredContent } from './service.js';

/**
 * Purges calls past their clinic's retention once the server is ready and then every
 * `retentionPurgeSeconds`. Like the webhook retries, only one process of a cluster runs it
 * (`backgroundJobs`); a second purger (the CLI) is safe anyway: each batch locks its rows.
 */
export function startRetentionPurge(app: FastifyInstance): void {
  const seconds = app.config.retentionPurgeSeconds;
  if (seconds <= 0) return;
  runPeriodically(
    app,
    seconds * 1000,
    async () => {
      const report = await purgeExpiredContent(app.db, app.log);
      if (report.purged > 0) app.log.info({ purged: report.purged, clinics: report.clinics }, 'retention purge cleared old calls’ content');
    },
    (error) => app.log.error({ err: error }, 'retention purge failed; it runs again at the next interval'),
  );
}
