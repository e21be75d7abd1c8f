import type { FastifyInstance } from 'fastify';
import { createBackgroundTask, runPeriodically } from '../../shared/background-task.js';
import { ingestDepsOf, retryDueEvents } from './ingest.js';
import { RETRY_POLICY } from './retry-policy.js';

/**
 * Failed deliveries whose next attempt is due (and any a stopped process left half-done) are looked
 * for once the server is ready and then every `webhookRetrySeconds`, so an acknowledged call is never
 * lost to a hiccup; each waits longer after each failure (retry-policy.ts).
 */
export function startWebhookRetries(app: FastifyInstance): void {
  const seconds = app.config.webhookRetrySeconds;
  if (seconds <= 0) return;
  const deps = ingestDepsOf(app);
  runPeriodically(
    app,
    seconds * 1000,
    async () => {
      const processed = await retryDueEvents(deps, { states: ['failed'], maxAttempts: RETRY_POLICY.maxAttempts });
      if (processed > 0) app.log.info({ processed }, 'retried webhook deliveries');
    },
    (error) => app.log.error({ err: error }, 'webhook retry pass failed'),
  );
}

/**
 * Reports kept `unrouted` are processed again after a clinic route is added, in the background: the
 * returned trigger answers at once, one replay runs at a time in this process, triggers during a
 * replay share one more replay after it, and closing the app waits for the current one.
 */
export function startUnroutedReplay(app: FastifyInstance): () => void {
  const deps = ingestDepsOf(app);
  const replay = createBackgroundTask(
    async () => {
      const processed = await retryDueEvents(deps, { states: ['unrouted'], maxAttempts: Number.MAX_SAFE_INTEGER });
      if (processed > 0) app.log.info({ processed }, 'processed unrouted webhook deliveries after a route was added');
    },
    (error) => app.log.error({ err: error }, 'replaying unrouted webhook deliveries failed'),
  );
  app.addHook('onClose', () => replay.close());
  return () => replay.trigger();
}
