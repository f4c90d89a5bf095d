import { consumerGroup, idempotentHandler, type Subscription, serviceTopic } from "@nova/events";
import type { ServiceContext } from "../context.ts";
import { processedEvents } from "../db/schema/index.ts";
import { applySourceEvent } from "../domain/apply-source-event.ts";
import { SOURCE_SERVICES } from "../domain/source-event-types.ts";

/**
 * Consumes content, social and graph events and materialises features from them. Each event
 * applies once (processed-events ledger in the same transaction as the new states); the online
 * cache is written after that transaction committed.
 */
export function subscribeToSourceEvents(ctx: ServiceContext): Promise<Subscription> {
  const service = ctx.config.service.name;
  const consumer = consumerGroup(service);
  return ctx.bus.subscribe({
    service,
    topics: SOURCE_SERVICES.map((s) => serviceTopic(s)),
    registry: ctx.metrics.registry,
    handler: async function materialiseSourceEvent(event) {
      let afterCommit: (() => Promise<void>) | undefined;
      await idempotentHandler({
        db: ctx.db.db,
        table: processedEvents,
        consumer,
        handle: async (e, tx) => {
          afterCommit = (await applySourceEvent({ ctx, tx, event: e })).afterCommit;
        },
      })(event);
      await afterCommit?.().catch((err) =>
        // The state table is the truth; a failed cache write only delays freshness until the next change or TTL.
        ctx.log.warn("online store write failed", { err, eventId: event.id }),
      );
    },
  });
}
