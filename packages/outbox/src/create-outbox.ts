import { create, type DescMessage, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { anyPack, timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Database } from "@nova/db";
import { type EventEnvelope, EventEnvelopeSchema } from "@nova/proto/events/v1";
import type { OutboxTable } from "./outbox-table.ts";
import { serviceTopic } from "./topic-name.ts";

/** What a domain verb enqueues: a protobuf payload about one aggregate. */
export interface EnqueueInput<Desc extends DescMessage> {
  aggregateId: string;
  /** The payload's generated schema, e.g. `PostCreatedSchema`; its type name becomes the event type. */
  schema: Desc;
  /** The payload message, or an object literal initialising it. */
  payload: MessageInitShape<Desc>;
  /** The W3C traceparent of the request making the change. */
  traceparent?: string | undefined;
  /** Defaults to now; overridable for imports and tests. */
  occurredAt?: Date;
  /**
   * Publish no earlier than this (a delayed event, e.g. a sweep once every token has expired).
   * Later events of the same aggregate wait behind it, so use it only for an aggregate's last word.
   */
  availableAt?: Date;
}

/** A service's outbox: its table, its topic, and enqueue. */
export interface Outbox {
  readonly service: string;
  readonly topic: string;
  readonly table: OutboxTable;
  /**
   * Writes the event in `tx` — the business transaction — so it commits or rolls back with the
   * state change. Returns the envelope (its `id` is the event id).
   */
  enqueue<Desc extends DescMessage>(tx: Database, input: EnqueueInput<Desc>): Promise<EventEnvelope>;
}

/** Binds a service's outbox table to its name (the topic and the envelopes' `source`). */
export function createOutbox(opts: { service: string; table: OutboxTable }): Outbox {
  const topic = serviceTopic(opts.service);
  return {
    service: opts.service,
    topic,
    table: opts.table,
    async enqueue(tx, input) {
      if (!input.aggregateId) throw new Error("enqueue: aggregateId is required (it is the partition key)");
      const occurredAt = input.occurredAt ?? new Date();
      const envelope = create(EventEnvelopeSchema, {
        id: Bun.randomUUIDv7(),
        type: input.schema.typeName,
        aggregateId: input.aggregateId,
        occurredAt: timestampFromDate(occurredAt),
        traceparent: input.traceparent ?? "",
        payload: anyPack(input.schema, create(input.schema, input.payload)),
        source: opts.service,
      });
      await tx.insert(opts.table).values({
        id: envelope.id,
        eventType: envelope.type,
        aggregateId: envelope.aggregateId,
        traceparent: input.traceparent ?? null,
        envelope: toBinary(EventEnvelopeSchema, envelope),
        occurredAt,
        ...(input.availableAt ? { availableAt: input.availableAt } : {}),
      });
      return envelope;
    },
  };
}
