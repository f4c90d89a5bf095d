import { type DeliveredEvent, perAggregateConcurrently, type Subscription, serviceTopic } from "@nova/events";
import type { ServiceContext } from "../context.ts";
import { applyContentEvent } from "./apply-content-event.ts";
import { applyEnforcementEvent } from "./apply-enforcement-event.ts";
import { applyGraphEvent } from "./apply-graph-event.ts";
import { applySocialEvent } from "./apply-social-event.ts";
import { applyUserEvent } from "./apply-user-event.ts";

const APPLIERS: Record<string, (ctx: ServiceContext, event: DeliveredEvent) => Promise<void>> = {
  [serviceTopic("content-service")]: applyContentEvent,
  [serviceTopic("graph-service")]: applyGraphEvent,
  [serviceTopic("social-service")]: applySocialEvent,
  [serviceTopic("user-service")]: applyUserEvent,
  [serviceTopic("trust-safety-service")]: applyEnforcementEvent,
};

/**
 * Handles one delivered event from content, graph or social. Timeline effects need no processed-
 * events ledger: each is a sorted-set add or remove of a fixed member and score, so a redelivery
 * changes nothing, and a PostCreated redelivered after its PostDeleted is filtered out at read time
 * by content-service (a ledger transaction would also have to stay open across the fan-out's RPCs).
 * Counters are the exception: explore's engagement counts and the engaged sets go through the
 * cache ledger of `applyOnce` (domain/event-ledger.ts). Exported for tests.
 */
export function handlePeerEvent(ctx: ServiceContext) {
  return async function handleFeedPeerEvent(event: DeliveredEvent): Promise<void> {
    await APPLIERS[event.topic]?.(ctx, event);
  };
}

/** Aggregates (posts; followers for graph's events) applied side by side within one fetched batch. */
const CONCURRENT_AGGREGATES = 8;

/**
 * Consumes `nova.content-service.events` (posts, comments), `nova.graph-service.events` (follows,
 * blocks, mutes), `nova.social-service.events` (likes, reposts: explore's engagement and the
 * friends-of-friends engaged sets), `nova.user-service.events` (profiles: held profiles and
 * public posts are dropped) and `nova.trust-safety-service.events` (an account's `limit`). A
 * fetched batch is applied one aggregate's events in order and up to eight aggregates side by side (every effect is idempotent, see handlePeerEvent): a post's fan-out
 * is several round trips to graph and Redis, and one at a time fell behind ~250 posts a second.
 */
export function subscribeToPeerEvents(ctx: ServiceContext): Promise<Subscription> {
  return ctx.bus.subscribe({
    service: ctx.config.service.name,
    topics: Object.keys(APPLIERS),
    registry: ctx.metrics.registry,
    handler: handlePeerEvent(ctx),
    batchHandler: perAggregateConcurrently(handlePeerEvent(ctx), CONCURRENT_AGGREGATES),
  });
}
