import type { Transaction } from "@nova/db";
import {
  consumerGroup,
  type DeliveredEvent,
  idempotentHandler,
  type Subscription,
  serviceTopic,
} from "@nova/events";
import type { ServiceContext } from "../context.ts";
import { processedEvents } from "../db/schema/index.ts";
import { applyContentEvent } from "./apply-content-event.ts";
import { applyIdentityEvent } from "./apply-identity-event.ts";

type Apply = (
  ctx: ServiceContext,
  event: DeliveredEvent,
  tx: Transaction,
) => Promise<(() => Promise<void>) | undefined>;

const APPLIERS: Record<string, Apply> = {
  [serviceTopic("content-service")]: applyContentEvent,
  [serviceTopic("identity-service")]: applyIdentityEvent,
};

/**
 * Handles one delivered event from content or identity: applied once (processed-events ledger in
 * the same transaction as its effect), cache invalidation after commit. Exported for tests.
 */
export function handlePeerEvent(ctx: ServiceContext) {
  const consumer = consumerGroup(ctx.config.service.name);
  return async function handleSocialPeerEvent(event: DeliveredEvent): Promise<void> {
    const apply = APPLIERS[event.topic];
    if (!apply) return;
    let afterCommit: (() => Promise<void>) | undefined;
    await idempotentHandler({
      db: ctx.db.db,
      table: processedEvents,
      consumer,
      handle: async (e, tx) => {
        afterCommit = await apply(ctx, e, tx);
      },
    })(event);
    await afterCommit?.();
  };
}

/** Consumes `nova.content-service.events` (comments, quotes, deletions) and identity's account deletions. */
export function subscribeToPeerEvents(ctx: ServiceContext): Promise<Subscription> {
  return ctx.bus.subscribe({
    service: ctx.config.service.name,
    topics: Object.keys(APPLIERS),
    registry: ctx.metrics.registry,
    handler: handlePeerEvent(ctx),
  });
}
