import { receiveDelivery, type IngestDeps } from '../webhooks/ingest.js';
import { vapiAdapter } from '../webhooks/vapi/vapi-adapter.js';
import type { JsonObject } from '../webhooks/parsing/untrusted-json.js';
import { callsUpdatedBetween, getAssistant, type VapiApiSettings, type VapiCall } from './api-client.js';
import { callState, endOfCallReport, savedAssistantId } from './call-report.js';
import { knownVapiCallIds } from './repository.js';

/**
 * One reconciliation: ask Vapi for the calls updated since `since`, and ingest each ended one that
 * Zenicall has no trace of, exactly as if its end-of-call report had just been delivered.
 */

export interface ReconcileSummary {
  /** Distinct calls Vapi listed. */
  fetched: number;
  /** Still in progress, or ended less than the settle time ago: their webhook may be on its way. */
  notYetEnded: number;
  alreadyPresent: number;
  /** Stored as call logs now. */
  ingested: number;
  /** Kept in the inbox as `unrouted`, processed once their clinic has a route. */
  unrouted: number;
  /** Kept in the inbox as `failed` (retried by the retry loop), or not ingestible at all. */
  failed: number;
  /** One line per failed call, for the operator. */
  problems: string[];
}

/** A report may arrive a little after the call ends; the reconciler leaves that much time to the webhook. */
export const SETTLE_MS = 5 * 60 * 1000;

const MAX_PROBLEMS_LISTED = 50;

export async function reconcileVapiCalls(
  deps: IngestDeps,
  api: VapiApiSettings,
  options: { since: Date; now?: Date },
): Promise<ReconcileSummary> {
  const now = options.now ?? new Date();
  const settledBefore = now.getTime() - SETTLE_MS;
  const summary: ReconcileSummary = { fetched: 0, notYetEnded: 0, alreadyPresent: 0, ingested: 0, unrouted: 0, failed: 0, problems: [] };
  const problem = (line: string) => {
    summary.failed++;
    if (summary.problems.length < MAX_PROBLEMS_LISTED) summary.problems.push(line);
  };

  // Everything Vapi is asked is asked before anything is ingested: a failure half-way ingests nothing.
  const seen = new Set<string>();
  const missing: Array<{ externalCallId: string; call: VapiCall }> = [];
  for await (const page of callsUpdatedBetween(api, options.since, now)) {
    const candidates = new Map<string, VapiCall>();
    for (const call of page) {
      const state = callState(call);
      if (state.externalCallId !== null) {
        if (seen.has(state.externalCallId)) continue;
        seen.add(state.externalCallId);
      }
      summary.fetched++;
      if (state.kind === 'unusable') problem(`call ${state.externalCallId ?? '(no id)'}: ${state.reason}`);
      else if (state.kind === 'not-ended' || state.endedAtMs > settledBefore) summary.notYetEnded++;
      else candidates.set(state.externalCallId, call);
    }
    const known = await knownVapiCallIds(deps.store.db, [...candidates.keys()]);
    for (const [externalCallId, call] of candidates) {
      if (known.has(externalCallId)) summary.alreadyPresent++;
      else missing.push({ externalCallId, call });
    }
  }
  const assistants = new Map<string, JsonObject | null>();
  for (const { call } of missing) {
    const assistantId = savedAssistantId(call);
    if (assistantId !== undefined && !assistants.has(assistantId)) assistants.set(assistantId, await getAssistant(api, assistantId));
  }

  for (const { externalCallId, call } of missing) {
    // Shutting down: the rest are found again by the next run.
    if (api.signal?.aborted) break;
    try {
      const assistantId = savedAssistantId(call);
      const body = endOfCallReport(call, assistantId === undefined ? undefined : assistants.get(assistantId));
      const outcome = await receiveDelivery(deps, vapiAdapter, body);
      if (outcome.state === 'processed') summary.ingested++;
      else if (outcome.state === 'unrouted') summary.unrouted++;
      else if (outcome.state === 'failed')
        problem(`call ${externalCallId}: ingestion failed; inbox event ${outcome.eventId} will be retried`);
      else if (outcome.state === 'unstorable')
        problem(`call ${externalCallId}: the database refuses its data; inbox event ${outcome.eventId} says why`);
      else if (outcome.state === 'rejected') problem(`call ${externalCallId}: ${outcome.delivery.errorKey}: ${outcome.delivery.detail}`);
      else problem(`call ${externalCallId}: not an end-of-call report`);
    } catch (error) {
      deps.log.error({ err: error, externalCallId }, 'reconciling a Vapi call failed');
      problem(`call ${externalCallId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return summary;
}

/** The summary on one line, for the CLI and the log. */
export function describeSummary(summary: ReconcileSummary): string {
  return [
    `fetched ${summary.fetched}`,
    `already present ${summary.alreadyPresent}`,
    `ingested ${summary.ingested}`,
    `unrouted ${summary.unrouted}`,
    `failed ${summary.failed}`,
    `not yet ended ${summary.notYetEnded}`,
  ].join(', ');
}
