import type { WebhookEventRow } from '../../db/database.js';
import { toWireDateTime } from '../../shared/datetime.js';
import type { FieldWarning, WebhookEvent } from './schemas.js';

/**
 * Keys whose addresses are withheld: anything about a recording (`recordingUrl`, `recording.mono.combinedUrl`,
 * Retell's `recording_url`) and any other `…Url` / `…_url` (`presignedMonoUrl`, `pcapUrl` — the call's audio
 * too —, `logUrl`, `listenUrl`).
 */
const ADDRESS_KEY = /recording|url$/i;
const ADDRESS = /^[a-z][a-z0-9+.-]*:\/\//i;
export const ADDRESS_WITHHELD = '[withheld]';

/**
 * The delivery as an administrator sees it, without the provider's recording (and other) addresses:
 * they are bearer links anyone holding them could replay, and the API never hands them out. The
 * stored body keeps them, so a retry still ingests the recording.
 */
function withoutProviderAddresses(value: unknown, withheld = false): unknown {
  if (typeof value === 'string') return withheld && ADDRESS.test(value) ? ADDRESS_WITHHELD : value;
  if (Array.isArray(value)) return value.map((item) => withoutProviderAddresses(item, withheld));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withoutProviderAddresses(item, withheld || ADDRESS_KEY.test(key))]),
    );
  }
  return value;
}

export function toWebhookEvent(row: Omit<WebhookEventRow, 'delivery_key' | 'body_deflated'>): WebhookEvent {
  let body: unknown = row.body;
  try {
    body = withoutProviderAddresses(JSON.parse(row.body));
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
