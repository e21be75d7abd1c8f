import { Type, type Static } from '@sinclair/typebox';
import { WEBHOOK_EVENT_STATES } from '../../db/database.js';
import { DateTime, Id, Nullable, pageOf, pagingQuery } from '../../shared/schemas.js';

export const WebhookAck = Type.Object(
  {
    status: Type.Union(
      ['processed', 'unrouted', 'queued', 'spooled', 'ignored'].map((s) => Type.Literal(s)),
      {
        description:
          'processed: the call log is stored; unrouted: kept until a clinic route matches; queued: kept and retried automatically; spooled: the database was unavailable, so the delivery is kept on the server’s disk and stored once the database is back; ignored: a message type Zenicall does not store.',
      },
    ),
    event_id: Type.Optional(Type.Integer()),
    call_log_id: Type.Optional(Type.Integer()),
  },
  { $id: 'WebhookAck' },
);
export type WebhookAck = Static<typeof WebhookAck>;

const StateSchema = Type.Union(
  WEBHOOK_EVENT_STATES.map((state) => Type.Literal(state)),
  { $id: 'WebhookEventState' },
);

export const FieldWarning = Type.Object(
  {
    field: Type.String({ description: 'The call-log column.' }),
    reason: Type.String({ description: 'What was sent, and what was stored instead (dropped, cut, another source used).' }),
  },
  { $id: 'FieldWarning', description: 'A value of the report that was not stored as sent, so that the rest of the call could be.' },
);
export type FieldWarning = Static<typeof FieldWarning>;

export const WebhookEvent = Type.Object(
  {
    id: Type.Integer(),
    provider: Type.String(),
    message_type: Nullable(Type.String()),
    external_call_id: Nullable(Type.String()),
    state: Type.Ref(StateSchema),
    error: Nullable(Type.String()),
    attempts: Type.Integer(),
    call_log_id: Nullable(Type.Integer()),
    received_at: DateTime(),
    processed_at: Nullable(DateTime()),
    warnings: Type.Array(Type.Ref(FieldWarning), { description: 'Values dropped or cut to store the call; empty when none.' }),
    next_attempt_at: Nullable(
      DateTime({ description: 'For a failed delivery: when it is retried automatically (null once its attempts are used up).' }),
    ),
    body: Type.Unknown({ description: 'The delivery as received, credentials redacted.' }),
  },
  { $id: 'WebhookEvent' },
);
export type WebhookEvent = Static<typeof WebhookEvent>;

export const WebhookEventPage = pageOf(Type.Ref(WebhookEvent), { $id: 'WebhookEventPage' });
export type WebhookEventPage = Static<typeof WebhookEventPage>;

export const WebhookEventQuery = Type.Object({
  state: Type.Optional(Type.Array(Type.Ref(StateSchema))),
  provider: Type.Optional(Type.Union([Type.Literal('vapi'), Type.Literal('retell')])),
  ...pagingQuery,
});
export type WebhookEventQuery = Static<typeof WebhookEventQuery>;

export const WebhookEventParams = Type.Object({ event_id: Id });

export const webhookSchemas = [WebhookAck, StateSchema, FieldWarning, WebhookEvent, WebhookEventPage];
