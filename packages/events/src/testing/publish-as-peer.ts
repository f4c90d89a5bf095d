import { create, type DescMessage, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { anyPack, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import type { EventBus } from "../event-bus.ts";
import { serviceTopic } from "../topic-names.ts";

/**
 * Publishes one event on `source`'s topic the way that service's outbox relay would (an envelope
 * with the packed payload), for tests of a consumer. Resolves to the event id (pass `id` to
 * publish a redelivery of the same event).
 */
export async function publishAsPeer<D extends DescMessage>(
  bus: EventBus,
  event: {
    source: string;
    schema: D;
    payload: MessageInitShape<D>;
    aggregateId: string;
    id?: string;
  },
): Promise<string> {
  const id = event.id ?? Bun.randomUUIDv7();
  const envelope = create(EventEnvelopeSchema, {
    id,
    type: event.schema.typeName,
    aggregateId: event.aggregateId,
    occurredAt: timestampFromDate(new Date()),
    payload: anyPack(event.schema, create(event.schema, event.payload)),
    source: event.source,
  });
  await bus.publish(serviceTopic(event.source), [
    {
      id,
      type: event.schema.typeName,
      key: event.aggregateId,
      traceparent: null,
      occurredAt: new Date(),
      value: toBinary(EventEnvelopeSchema, envelope),
    },
  ]);
  return id;
}
