import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { type DeliveredEvent, type Subscription, serviceTopic } from "@nova/events";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";
import { eraseAccountReports } from "../domain/erase-account-reports.ts";

/**
 * Consumes `nova.identity-service.events`: AccountDeleted (delivered twice, the second a sweep)
 * erases what the account wrote here. The erasure is idempotent, so no ledger is needed.
 */
export function subscribeToAccountEvents(ctx: ServiceContext): Promise<Subscription> {
  return ctx.bus.subscribe({
    service: ctx.config.service.name,
    topics: [serviceTopic("identity-service")],
    registry: ctx.metrics.registry,
    handler: handleAccountEvent(ctx),
  });
}

/** One delivered identity event (exported for tests). */
export function handleAccountEvent(ctx: ServiceContext): (event: DeliveredEvent) => Promise<void> {
  return async (event) => {
    const payload = event.envelope.payload;
    if (event.type !== AccountDeletedSchema.typeName || !payload) return;
    const deleted = anyUnpack(payload, AccountDeletedSchema);
    if (!deleted?.accountId) throw new Error(`${event.id}: AccountDeleted without account_id`);
    const erased = await eraseAccountReports(ctx, deleted.accountId);
    ctx.log.info("erased the reports and appeal statements of a deleted account", {
      accountId: deleted.accountId,
      ...erased,
    });
  };
}
