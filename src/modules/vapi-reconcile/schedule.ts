import type { FastifyInstance } from 'fastify';
import { runPeriodically } from '../../shared/background-task.js';
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
  // Registered before the schedule's own close hook, so a listing in flight is cut short before it is awaited.
  app.addHook('onClose', async () => closing.abort());
  runPeriodically(
    app,
    settings.reconcileMinutes * 60 * 1000,
    async () => {
      const since = new Date(Date.now() - settings.lookbackHours * 3600 * 1000);
      const summary = await reconcileVapiCalls(deps, { ...settings, signal: closing.signal }, { since });
      const { problems, ...counts } = summary;
      if (summary.failed > 0) app.log.error({ ...counts, problems }, `Vapi reconciliation: ${describeSummary(summary)}`);
      else app.log.info(counts, `Vapi reconciliation: ${describeSummary(summary)}`);
    },
    (error) => {
      // An unreachable or refusing API is the operator's to fix: say what Vapi answered, no stack.
      if (error instanceof VapiApiError) app.log.error(`Vapi reconciliation failed: ${error.message}`);
      else app.log.error({ err: error }, 'Vapi reconciliation failed');
    },
  );
}
