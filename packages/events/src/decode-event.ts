import { fromBinary } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import type { DeliveredEvent } from "./event-bus.ts";

/** A message whose value is not an EventEnvelope; it is dead-lettered without retries. */
export class UndecodableEventError extends Error {
  override readonly name = "UndecodableEventError";
}

/** Decodes a message value into what handlers receive (attempt 1). */
export function decodeEvent(
  topic: string,
  value: Uint8Array,
  headers: Readonly<Record<string, string>>,
): DeliveredEvent {
  let envelope: ReturnType<typeof fromBinary<typeof EventEnvelopeSchema>>;
  try {
    envelope = fromBinary(EventEnvelopeSchema, value);
  } catch (error) {
    throw new UndecodableEventError(`${topic}: not an EventEnvelope: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!envelope.id || !envelope.type) {
    throw new UndecodableEventError(`${topic}: envelope without id or type`);
  }
  return {
    id: envelope.id,
    type: envelope.type,
    aggregateId: envelope.aggregateId,
    occurredAt: envelope.occurredAt ? timestampDate(envelope.occurredAt) : new Date(0),
    traceparent: envelope.traceparent || undefined,
    source: envelope.source,
    topic,
    headers,
    envelope,
    attempt: 1,
  };
}
