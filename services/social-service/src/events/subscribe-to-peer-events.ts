import {
  consumerGroup,
  type DeliveredEvent,
  idempotentHandler,
  type Subscription,
  serviceTopic,
} from "@nova/events";
import type { ServiceContext } from "../context.ts";
import { processedEvents } from "../db/schema/index.ts";
import { planContentEvent } from "./apply-content-event.ts";
import { planIdentityEvent } from "./apply-identity-event.ts";
import type { EventApplication } from "./event-application.ts";

const PLANNERS: Record<string, (ctx: ServiceContext, event: DeliveredEvent) => EventApplication | undefined> =
  {
    [serviceTopic("content-service")]: planContentEvent,
    [serviceTopic("identity-service")]: planIdentityEvent,
  };

/**
 * Handles one delivered event from content or identity: one that changes something here is
 * applied once (processed-events ledger in the same transaction as its effect), cache invalidation
 * after commit; one that changes nothing (most of content's posts) costs no transaction at all.
 * Exported for tests.
 */
export function handlePeerEvent(ctx: ServiceContext) {
  const consumer = consumerGroup(ctx.config.service.name);
  return async function handleSocialPeerEvent(event: DeliveredEvent): Promise<void> {
    const apply = PLANNERS[event.topic]?.(ctx, event);
    if (!apply) return;
    let afterCommit: (() => Promise<void>) | undefined;
    await idempotentHandler({
      db: ctx.db.db,
      table: processedEvents,
      consumer,
      handle: async (_event, tx) => {
        afterCommit = await apply(tx);
      },
    })(event);
    await afterCommit?.();
  };
}

/** Consumes `nova.content-service.events` (comments, quotes, deletions) and identity's account deletions. */
export function subscribeToPeerEvents(ctx: ServiceContext): Promise<Subscription> {
  return ctx.bus.subscribe({
    service: ctx.config.service.name,
    topics: Object.keys(PLANNERS),
    registry: ctx.metrics.registry,
    handler: handlePeerEvent(ctx),
  });
}
