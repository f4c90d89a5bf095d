import {
  consumerGroup,
  type DeliveredEvent,
  idempotentHandler,
  type Subscription,
  serviceTopic,
} from "@nova/events";
import type { ServiceContext } from "../context.ts";
import { processedEvents } from "../db/schema/index.ts";
import type { Planner } from "./plan.ts";
import { planContentEvent } from "./plan-content-event.ts";
import { planGraphEvent } from "./plan-graph-event.ts";
import { planChatEvent, planIdentityEvent, planTrustSafetyEvent } from "./plan-other-events.ts";
import { planSocialEvent } from "./plan-social-event.ts";

const PLANNERS: Record<string, Planner> = {
  [serviceTopic("content-service")]: planContentEvent,
  [serviceTopic("social-service")]: planSocialEvent,
  [serviceTopic("graph-service")]: planGraphEvent,
  [serviceTopic("identity-service")]: planIdentityEvent,
  [serviceTopic("trust-safety-service")]: planTrustSafetyEvent,
  [serviceTopic("realtime-chat-service")]: planChatEvent,
};

/**
 * Handles one delivered event: the plan reads what the rules need (graph, content, preferences)
 * outside any transaction, then the change is applied once — the processed-events ledger entry and
 * the inbox rows commit together — and after commit the change is announced and pushed. Events
 * that change nothing here cost no transaction. Exported for tests.
 */
export function handlePeerEvent(ctx: ServiceContext) {
  const consumer = consumerGroup(ctx.config.service.name);
  return async function handleNotificationEvent(event: DeliveredEvent): Promise<void> {
    const plan = PLANNERS[event.topic]?.(ctx, event);
    if (!plan) return;
    const apply = await plan();
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

/** Consumes content, social, graph, identity, trust-safety and realtime-chat events. */
export function subscribeToPeerEvents(ctx: ServiceContext): Promise<Subscription> {
  return ctx.bus.subscribe({
    service: ctx.config.service.name,
    topics: Object.keys(PLANNERS),
    registry: ctx.metrics.registry,
    handler: handlePeerEvent(ctx),
  });
}
