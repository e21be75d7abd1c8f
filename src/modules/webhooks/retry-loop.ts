import type { FastifyInstance } from 'fastify';
import { ingestDepsOf, retryDueEvents } from './ingest.js';

/**
 * Failed deliveries (and any a stopped process left half-done) are retried once the server is
 * ready and then every `webhookRetrySeconds`, so an acknowledged call is never lost to a hiccup.
 */
export function startWebhookRetries(app: FastifyInstance): void {
  const seconds = app.config.webhookRetrySeconds;
  if (seconds <= 0) return;
  const deps = ingestDepsOf(app);
  let running = false;
  const retry = async () => {
    if (running) return;
    running = true;
    try {
      const processed = await retryDueEvents(deps, { states: ['failed'], maxAttempts: 50 });
      if (processed > 0) app.log.info({ processed }, 'retried webhook deliveries');
    } catch (error) {
      app.log.error({ err: error }, 'webhook retry pass failed');
    } finally {
      running = false;
    }
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    void retry();
    timer = setInterval(() => void retry(), seconds * 1000);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}
