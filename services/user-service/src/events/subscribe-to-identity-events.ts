import { consumerGroup, idempotentHandler, type Subscription, serviceTopic } from "@nova/events";
import type { ServiceContext } from "../context.ts";
import { processedEvents } from "../db/schema/index.ts";
import { applyIdentityEvent } from "./apply-identity-event.ts";

/**
 * Consumes `nova.identity-service.events`: account created → profile, account deleted → erasure.
 * Each event applies once (processed-events ledger in the same transaction as its effect); cache
 * invalidation runs after that transaction committed.
 */
export function subscribeToIdentityEvents(ctx: ServiceContext): Promise<Subscription> {
  const service = ctx.config.service.name;
  const consumer = consumerGroup(service);
  return ctx.bus.subscribe({
    service,
    topics: [serviceTopic("identity-service")],
    registry: ctx.metrics.registry,
    handler: async function handleIdentityEvent(event) {
      let afterCommit: (() => Promise<void>) | undefined;
      await idempotentHandler({
        db: ctx.db.db,
        table: processedEvents,
        consumer,
        handle: async (e, tx) => {
          afterCommit = await applyIdentityEvent(ctx, e, tx);
        },
      })(event);
      await afterCommit?.();
    },
  });
}
