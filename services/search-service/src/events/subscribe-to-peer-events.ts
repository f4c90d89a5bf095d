import {
  consumerGroup,
  type DeliveredEvent,
  idempotentHandler,
  type Subscription,
  serviceTopic,
} from "@nova/events";
import type { ServiceContext } from "../context.ts";
import { processedEvents } from "../db/schema/index.ts";
import type { Touched } from "../engine/search-engine.ts";
import type { EventApplication } from "./event-application.ts";
import { planContentEvent } from "./plan-content-event.ts";
import { planEnforcementEvent } from "./plan-enforcement-event.ts";
import { planIdentityEvent } from "./plan-identity-event.ts";
import { planUserEvent } from "./plan-user-event.ts";
import { refreshCounts } from "./refresh-counts.ts";

type Planner = (
  ctx: ServiceContext,
  event: DeliveredEvent,
) => Promise<EventApplication | undefined> | EventApplication | undefined;

const PLANNERS: Record<string, Planner> = {
  [serviceTopic("user-service")]: planUserEvent,
  [serviceTopic("identity-service")]: (_ctx, e) => planIdentityEvent(e),
  [serviceTopic("content-service")]: (_ctx, e) => planContentEvent(e),
  [serviceTopic("trust-safety-service")]: (_ctx, e) => planEnforcementEvent(e),
};

const COUNTS_TOPIC = serviceTopic("social-service");

/**
 * Handles one delivered peer event: one that changes the index is applied once (processed-events
 * ledger in the same transaction as its effect); social's counter events re-read the counts.
 * Peer reads (a profile's fields) happen before the transaction. Exported for tests.
 */
export function handlePeerEvent(ctx: ServiceContext) {
  const consumer = consumerGroup(ctx.config.service.name);
  return async function handleSearchPeerEvent(event: DeliveredEvent): Promise<void> {
    if (event.topic === COUNTS_TOPIC) return refreshCounts(ctx, event);
    const apply = await PLANNERS[event.topic]?.(ctx, event);
    if (!apply) return;
    let touched: Touched | undefined;
    await idempotentHandler({
      db: ctx.db.db,
      table: processedEvents,
      consumer,
      handle: async (_event, tx) => {
        touched = await apply(tx);
      },
    })(event);
    // After commit: the engine's copy follows the projection (no-op for the embedded engine).
    if (touched) await ctx.engine.sync(touched);
  };
}

/** Consumes profile, account, content, social (counts) and trust-safety (enforcement) events. */
export function subscribeToPeerEvents(ctx: ServiceContext): Promise<Subscription> {
  return ctx.bus.subscribe({
    service: ctx.config.service.name,
    topics: [...Object.keys(PLANNERS), COUNTS_TOPIC],
    registry: ctx.metrics.registry,
    handler: handlePeerEvent(ctx),
  });
}
