import type { FastifyInstance } from 'fastify';
import { ingestDepsOf } from '../webhooks/ingest.js';
import { VapiApiError } from './api-client.js';
import { describeSummary, reconcileVapiCalls } from './reconcile.js';

/**
 * Vapi does not retry a webhook by default: a report sent while Zenicall was unreachable is gone.
 * Every `reconcileMinutes` (and once the server is ready) the calls Vapi ended within the last
 * `lookbackHours` are listed and the missing ones ingested. Off without ZENICALL_VAPI_API_KEY or with
 * ZENICALL_VAPI_RECONCILE_MINUTES=0; in a cluster only the worker running background jobs does it.
 */
export function startVapiReconcile(app: FastifyInstance): void {
  const settings = app.config.vapiApi;
  if (!settings || settings.reconcileMinutes <= 0) return;
  const deps = ingestDepsOf(app);
  const closing = new AbortController();
  let running: Promise<void> | undefined;
  const reconcile = async () => {
    const since = new Date(Date.now() - settings.lookbackHours * 3600 * 1000);
    try {
      const summary = await reconcileVapiCalls(deps, { ...settings, signal: closing.signal }, { since });
      const { problems, ...counts } = summary;
      if (summary.failed > 0) app.log.error({ ...counts, problems }, `Vapi reconciliation: ${describeSummary(summary)}`);
      else app.log.info(counts, `Vapi reconciliation: ${describeSummary(summary)}`);
    } catch (error) {
      // An unreachable or refusing API is the operator's to fix: say what Vapi answered, no stack.
      if (error instanceof VapiApiError) app.log.error(`Vapi reconciliation failed: ${error.message}`);
      else app.log.error({ err: error }, 'Vapi reconciliation failed');
    }
  };
  const runOnce = () => {
    running ??= reconcile().finally(() => (running = undefined));
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    runOnce();
    timer = setInterval(runOnce, settings.reconcileMinutes * 60 * 1000);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    closing.abort();
    await running;
  });
}
