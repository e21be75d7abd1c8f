import type { WebhookEventRow } from '../../db/database.js';
import { toWireDateTime } from '../../shared/datetime.js';
import type { FieldWarning, WebhookEvent } from './schemas.js';

export function toWebhookEvent(row: Omit<WebhookEventRow, 'delivery_key'>): WebhookEvent {
  let body: unknown = row.body;
  try {
    body = JSON.parse(row.body);
  } catch {
    // kept as the text that arrived: it was rejected for not being JSON
  }
  return {
    id: row.id,
    provider: row.provider,
    message_type: row.message_type,
    external_call_id: row.external_call_id,
    state: row.state,
    error: row.error,
    attempts: Number(row.attempts),
    call_log_id: row.call_log_id,
    received_at: toWireDateTime(row.received_at),
    processed_at: row.processed_at ? toWireDateTime(row.processed_at) : null,
    warnings: row.warnings ? (JSON.parse(row.warnings) as FieldWarning[]) : [],
    next_attempt_at: row.next_attempt_at ? toWireDateTime(row.next_attempt_at) : null,
    body,
  };
}
