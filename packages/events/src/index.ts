export { CONSUMER_LAG_METRIC } from "./consumer-lag-metric.ts";
export { UndecodableEventError } from "./decode-event.ts";
export { deletedAccountId } from "./deleted-account-id.ts";
export { MessageTooLargeError } from "./embedded/append-to-log.ts";
export { busConsumerOffsets, busLog, novaBus } from "./embedded/bus-schema.ts";
export {
  createEmbeddedEventBus,
  type EmbeddedEventBusOptions,
} from "./embedded/create-embedded-event-bus.ts";
export { EMBEDDED_BUS_MIGRATIONS } from "./embedded/embedded-bus-migrations.ts";
export { purgeEmbeddedLog } from "./embedded/purge-embedded-log.ts";
export type {
  BatchEventHandler,
  DeliveredEvent,
  EventBus,
  EventHandler,
  SubscribeOptions,
  Subscription,
} from "./event-bus.ts";
export { ENVELOPE_CONTENT_TYPE, EVENT_HEADERS } from "./event-headers.ts";
export {
  type IdempotentBatchHandlerOptions,
  type IdempotentHandlerOptions,
  idempotentBatchHandler,
  idempotentHandler,
  purgeProcessedEvents,
} from "./idempotent-handler.ts";
export { createKafkaEventBus, type KafkaEventBusOptions } from "./kafka/create-kafka-event-bus.ts";
export { perAggregateConcurrently } from "./per-aggregate-concurrently.ts";
export { createProcessedEventsTable, type ProcessedEventsTable } from "./processed-events-table.ts";
export { consumerGroup, deadLetterTopic, serviceTopic } from "./topic-names.ts";
