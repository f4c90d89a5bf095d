import { consumerGroup, idempotentHandler, type Subscription, serviceTopic } from "@nova/events";
import type { ServiceContext } from "../context.ts";
import { processedEvents } from "../db/schema/index.ts";
import { eraseAccountEdges } from "../domain/erase-account-edges.ts";
import { applyProfileEvent, erasedAccountId, PROFILE_EVENTS_APPLIED } from "./apply-account-event.ts";

/**
 * Consumes `nova.identity-service.events` (account deleted → erase edges) and
 * `nova.user-service.events` (profile created/updated → private flag; erased → erase edges) and
 * `nova.trust-safety-service.events` (an account's `limit` → out of suggestions; lifted → back).
 * Profile created/updated apply once (processed-events ledger in the same transaction); other
 * types (a profile view, identity's other events) record nothing. Erasure runs first,
 * in its own transactions (the graph may live in Neo4j): it is idempotent, so a redelivery after a
 * crash only repeats a no-op, and a failed erasure is retried instead of being marked processed.
 */
export function subscribeToAccountEvents(ctx: ServiceContext): Promise<Subscription> {
  const service = ctx.config.service.name;
  const consumer = consumerGroup(service);
  const applyOnce = idempotentHandler({
    db: ctx.db.db,
    table: processedEvents,
    consumer,
    handle: (e, tx) => applyProfileEvent(ctx, e, tx),
  });
  return ctx.bus.subscribe({
    service,
    topics: [
      serviceTopic("identity-service"),
      serviceTopic("user-service"),
      serviceTopic("trust-safety-service"),
    ],
    registry: ctx.metrics.registry,
    handler: async function handleAccountEvent(event) {
      const erased = erasedAccountId(event);
      if (erased)
        await eraseAccountEdges({ ctx, input: { accountId: erased }, traceparent: event.traceparent });
      // Profile views and the like change nothing here: no ledger transaction for them.
      if (PROFILE_EVENTS_APPLIED.has(event.type)) await applyOnce(event);
    },
  });
}
