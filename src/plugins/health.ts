import type { FastifyInstance, FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { withinTime } from '../db/errors.js';
import { ErrorCatalogue } from '../shared/errors.js';
import { countRetryBacklog } from '../modules/webhooks/inbox.js';
import { RETRY_POLICY } from '../modules/webhooks/retry-policy.js';

/**
 * Health for the people and machines that run Zenicall.
 * - `/health/live`: the process answers (no database): restart it when this fails.
 * - `/health/ready`: the database answers `SELECT 1` within ZENICALL_DB_WAIT_MS, with the backlogs
 *   that say whether reports are waiting (in the local spool; failed in the inbox, to be retried).
 *   503 with the reason otherwise. `/health` is the same as `/health/ready`.
 * A load balancer should route by `/health/live`: while the database is down, webhook deliveries
 * must still reach a process, which keeps them in its spool.
 */
export function installHealth(app: FastifyInstance): void {
  const { databaseUnavailable } = ErrorCatalogue;

  app.get('/health/live', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  const ready = async (_request: unknown, reply: FastifyReply) => {
    const spoolBacklog = app.webhookSpool.backlog();
    try {
      const retryBacklog = await withinTime(checkDatabase(app), app.config.dbWaitMs, () => {});
      return { status: 'ok', database: 'up', spool_backlog: spoolBacklog, retry_backlog: retryBacklog };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return reply
        .status(databaseUnavailable.status)
        .headers(databaseUnavailable.headers)
        .send({
          status: 'unavailable',
          detail: `The database is not answering: ${reason}`,
          error_key: databaseUnavailable.key,
          database: 'down',
          spool_backlog: spoolBacklog,
          retry_backlog: null,
        });
    }
  };
  app.get('/health/ready', { schema: { hide: true } }, ready);
  app.get('/health', { schema: { hide: true } }, ready);
}

/** `SELECT 1`, then the failed deliveries the retry loop will try again. */
async function checkDatabase(app: FastifyInstance): Promise<number> {
  await sql`SELECT 1`.execute(app.db);
  return countRetryBacklog(app.db, RETRY_POLICY.maxAttempts);
}
