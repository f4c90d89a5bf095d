import { create, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import { type DeliveredEvent, serviceTopic } from "@nova/events";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";

// Which service publishes a message, by its proto package (nova.<area>.v1 → <area>-service).
const SOURCES: Record<string, string> = {
  graph: "graph-service",
  social: "social-service",
  user: "user-service",
  trust_safety: "trust-safety-service",
};

let seq = 0;

/** One of a peer's events as feed's consumers receive it (for unit tests of the appliers). */
export function deliveredEvent<S extends DescMessage>(
  schema: S,
  init: MessageInitShape<S>,
  opts: { id?: string; occurredAt?: Date } = {},
): DeliveredEvent {
  const id = opts.id ?? `test-event-${++seq}`;
  const area = schema.typeName.split(".")[1] ?? "";
  const source = SOURCES[area] ?? "content-service";
  return {
    id,
    type: schema.typeName,
    aggregateId: "",
    occurredAt: opts.occurredAt ?? new Date(),
    traceparent: undefined,
    source,
    topic: serviceTopic(source),
    headers: {},
    attempt: 1,
    envelope: create(EventEnvelopeSchema, {
      id,
      type: schema.typeName,
      payload: anyPack(schema, create(schema, init)),
    }),
  };
}
