export { bytea } from "./bytea.ts";
export type { ClaimedRow } from "./claim-batch.ts";
export { createOutbox, type EnqueueInput, type Outbox } from "./create-outbox.ts";
export {
  createOutboxRelay,
  type OutboxRelay,
  type OutboxRelayOptions,
  type RelayCycle,
} from "./create-outbox-relay.ts";
export type { OutboxMessage, OutboxPublisher } from "./outbox-message.ts";
export { OUTBOX_METRIC_NAMES, registerOutboxMetrics } from "./outbox-metrics.ts";
export { type OutboxStats, readOutboxStats } from "./outbox-stats.ts";
export { createOutboxTable, OUTBOX_STATUSES, type OutboxStatus, type OutboxTable } from "./outbox-table.ts";
export { readEnqueued } from "./read-enqueued.ts";
export { purgeSentOutbox, type ReplayRange, replayOutbox } from "./replay-outbox.ts";
export { serviceTopic } from "./topic-name.ts";
