import { deletedAccountId, type EventBus, type Subscription, serviceTopic } from "@nova/events";
import type { ServiceContext } from "../context.ts";
import { eraseAccountRankingData } from "../domain/erase-account-ranking-data.ts";

/**
 * Consumes `nova.identity-service.events`: AccountDeleted erases the account's impressions and
 * feedback. The erasure is idempotent, so no processed-events ledger is needed; other types are
 * acknowledged and ignored.
 */
export function subscribeToAccountEvents(ctx: ServiceContext, bus: EventBus): Promise<Subscription> {
  return bus.subscribe({
    service: ctx.config.service.name,
    topics: [serviceTopic("identity-service")],
    registry: ctx.metrics.registry,
    handler: async function handleAccountEvent(event) {
      const accountId = deletedAccountId(event);
      if (accountId) await eraseAccountRankingData({ ctx, input: { accountId } });
    },
  });
}
