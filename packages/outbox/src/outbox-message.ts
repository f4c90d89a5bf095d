/** One event as the relay hands it to the bus: the encoded envelope plus what headers need. */
export interface OutboxMessage {
  readonly id: string;
  readonly type: string;
  /** The partition key: the aggregate id. */
  readonly key: string;
  readonly traceparent: string | null;
  readonly occurredAt: Date;
  /** The encoded nova.events.v1.EventEnvelope. */
  readonly value: Uint8Array;
}

/**
 * Where the relay publishes: the event bus (Kafka or the embedded relay) implements this. It
 * resolves only when every message is durably accepted, in order per key; it rejects otherwise
 * (the relay then isolates the failing message and retries it with backoff).
 */
export interface OutboxPublisher {
  publish(topic: string, messages: readonly OutboxMessage[]): Promise<void>;
}
