import {
  consumerGroup,
  type DeliveredEvent,
  deletedAccountId,
  idempotentBatchHandler,
  type Subscription,
  serviceTopic,
} from "@nova/events";
import type { ServiceContext } from "../context.ts";
import { processedEvents } from "../db/schema/index.ts";
import { type AppliedSourceEvents, applySourceEvents } from "../domain/apply-source-event.ts";
import { eraseAccountFeatures } from "../domain/erase-account-features.ts";
import { SOURCE_SERVICES } from "../domain/source-event-types.ts";

/**
 * Consumes content, social and graph events and materialises features from them. Each event
 * applies once (processed-events ledger in the same transaction as the new states). A fetched
 * batch applies in one transaction (one commit, each entity read once); when that fails, the bus
 * hands each of its events alone to the handler — the same verb on a run of one, so retries and
 * dead-lettering stay per event. The online cache is written after the transaction committed.
 * Identity's AccountDeleted erases the account's features first (idempotent, its own transaction,
 * like the other services' erasures), then is recorded in the ledger like any other event.
 */
export function subscribeToSourceEvents(ctx: ServiceContext): Promise<Subscription> {
  const service = ctx.config.service.name;
  const consumer = consumerGroup(service);
  async function materialiseSourceEvents(events: readonly DeliveredEvent[]): Promise<void> {
    for (const event of events) {
      const accountId = deletedAccountId(event);
      if (accountId) await eraseAccountFeatures({ ctx, input: { accountId } });
    }
    let applied: AppliedSourceEvents | undefined;
    await idempotentBatchHandler({
      db: ctx.db.db,
      table: processedEvents,
      consumer,
      handleBatch: async (fresh, tx) => {
        applied = await applySourceEvents({ ctx, tx, events: fresh });
      },
    })(events);
    await applied?.afterCommit().catch((err) =>
      // The state table is the truth; a failed cache write only delays freshness until the next change or TTL.
      ctx.log.warn("online store write failed", { err, eventIds: events.map((e) => e.id) }),
    );
  }
  return ctx.bus.subscribe({
    service,
    topics: [...SOURCE_SERVICES, "identity-service" as const].map((s) => serviceTopic(s)),
    registry: ctx.metrics.registry,
    handler: (event) => materialiseSourceEvents([event]),
    batchHandler: materialiseSourceEvents,
  });
}
