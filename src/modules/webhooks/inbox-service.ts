import type { Db } from '../../db/database.js';
import { Errors } from '../../shared/errors.js';
import { requireAdmin, type Principal } from '../auth/principal.js';
import { toWebhookEvent } from './event-views.js';
import { findInboxEvent, pageInboxEvents } from './inbox.js';
import { reprocessEvent, type IngestDeps } from './ingest.js';
import type { WebhookEvent, WebhookEventPage, WebhookEventQuery } from './schemas.js';

/** The webhook inbox as administrators see it: what arrived, what became of it, and a retry. */

async function findEvent(db: Db, id: number) {
  const row = await findInboxEvent(db, id);
  if (!row) throw Errors.webhookEventNotFound();
  return row;
}

export async function listInboxEvents(db: Db, principal: Principal, query: WebhookEventQuery): Promise<WebhookEventPage> {
  requireAdmin(principal);
  const { page, limit, state, provider } = query;
  const { rows, total } = await pageInboxEvents(db, { states: state ?? [], provider }, { limit, offset: (page - 1) * limit });
  return { items: rows.map(toWebhookEvent), total, page, limit, pages: Math.ceil(total / limit) };
}

export async function getInboxEvent(db: Db, principal: Principal, id: number): Promise<WebhookEvent> {
  requireAdmin(principal);
  return toWebhookEvent(await findEvent(db, id));
}

/** Processes a stored delivery again now (idempotent), and answers the event as it then stands. */
export async function retryInboxEvent(deps: IngestDeps, principal: Principal, id: number): Promise<WebhookEvent> {
  requireAdmin(principal);
  const { db } = deps.store;
  await reprocessEvent(deps, await findEvent(db, id));
  return toWebhookEvent(await findEvent(db, id));
}
