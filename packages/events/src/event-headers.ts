import type { OutboxMessage } from "@nova/outbox";

/** Message headers on both adapters; consumers can route on them without decoding the value. */
export const EVENT_HEADERS = {
  type: "nova-event-type",
  id: "nova-event-id",
  traceparent: "traceparent",
  contentType: "content-type",
  /** On dead-lettered copies: why, after how many attempts, and where the original was. */
  dlqError: "nova-dlq-error",
  dlqAttempts: "nova-dlq-attempts",
  dlqSource: "nova-dlq-source",
} as const;

export const ENVELOPE_CONTENT_TYPE = "application/x-protobuf; messageType=nova.events.v1.EventEnvelope";

/** The headers a published message carries. */
export function eventHeaders(message: OutboxMessage): Record<string, string> {
  const headers: Record<string, string> = {
    [EVENT_HEADERS.type]: message.type,
    [EVENT_HEADERS.id]: message.id,
    [EVENT_HEADERS.contentType]: ENVELOPE_CONTENT_TYPE,
  };
  if (message.traceparent) headers[EVENT_HEADERS.traceparent] = message.traceparent;
  return headers;
}
