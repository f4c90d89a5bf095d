import type { OutboxPublisher } from "@nova/outbox";
import type { EventEnvelope } from "@nova/proto/events/v1";
import type { Registry } from "prom-client";

/** An event as a consumer receives it. Unpack the payload with `anyUnpack(event.envelope.payload, Schema)`. */
export interface DeliveredEvent {
  readonly id: string;
  readonly type: string;
  readonly aggregateId: string;
  readonly occurredAt: Date;
  /** W3C traceparent of the producing request, when there was one. */
  readonly traceparent: string | undefined;
  readonly source: string;
  readonly topic: string;
  /** Message headers (event type/id, traceparent; on `<topic>.dlq` also the failure). */
  readonly headers: Readonly<Record<string, string>>;
  readonly envelope: EventEnvelope;
  /** 1 on the first try in this consumer, 2 on the first retry, … */
  readonly attempt: number;
}

/** Applies one event. Throwing means "retry me"; after the bounded retries it is dead-lettered. */
export type EventHandler = (event: DeliveredEvent) => Promise<void>;

/** Applies several consecutive events of one topic(-partition) at once, in order. */
export type BatchEventHandler = (events: readonly DeliveredEvent[]) => Promise<void>;

export interface SubscribeOptions {
  /** The consuming service; its consumer group is `nova-<service>`. */
  service: string;
  /** A second, independent consumer in the same service: group `nova-<service>.<consumer>`. */
  consumer?: string;
  topics: readonly string[];
  handler: EventHandler;
  /**
   * Applies a run of consecutive events of one topic(-partition) at once, in order (e.g. in one
   * transaction); when it throws, the bus falls back to delivering each of those events alone to
   * `handler` (so retries and dead-lettering stay per event). `handler` stays required.
   */
  batchHandler?: BatchEventHandler;
  /** Handler attempts per event before it goes to `<topic>.dlq` (default 5). */
  maxAttempts?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** The service's registry; gauge `nova_consumer_lag{topic}` is set there. */
  registry?: Registry;
}

/** A running consumer. */
export interface Subscription {
  readonly group: string;
  /** Finishes the event in hand, commits, and leaves the group. */
  stop(): Promise<void>;
  /**
   * Crash drill: stops at once and commits nothing more, as if the process died — events handled
   * since the last commit are delivered again to the next member of the group.
   */
  kill(): void;
}

/**
 * The event bus port. Publishing is what the outbox relay does (it implements OutboxPublisher);
 * delivery is at least once, in order per key, with offsets committed only after the handler
 * returned — use `idempotentHandler` so a redelivered event has no second effect.
 */
export interface EventBus extends OutboxPublisher {
  readonly kind: "embedded" | "kafka";
  /** Starts a consumer; resolves once it is a member of its group and will receive events. */
  subscribe(opts: SubscribeOptions): Promise<Subscription>;
  /** Stops every subscription of this bus and releases its connections. */
  close(): Promise<void>;
}
