import { anyUnpack } from "@bufbuild/protobuf/wkt";
import {
  consumerGroup,
  type DeliveredEvent,
  idempotentHandler,
  type Subscription,
  serviceTopic,
} from "@nova/events";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import { ProfileErasedSchema, ProfileUpdatedSchema } from "@nova/proto/user/v1";
import type { ServiceContext } from "../context.ts";
import { processedEvents } from "../db/schema/index.ts";
import { eraseAccountContent } from "../domain/erase-account-content.ts";

/**
 * Consumes `nova.identity-service.events`: AccountDeleted erases the account's posts and comments,
 * each event applied once (processed-events ledger in the same transaction as its effect). And
 * `nova.user-service.events`: ProfileUpdated / ProfileErased drop the author's cached private flag
 * (idempotent, no ledger). Other event types are not ours to act on.
 */
export function subscribeToAccountEvents(ctx: ServiceContext): Promise<Subscription> {
  const service = ctx.config.service.name;
  const consumer = consumerGroup(service);
  const handle = idempotentHandler({
    db: ctx.db.db,
    table: processedEvents,
    consumer,
    handle: async (event, tx) => {
      const payload = event.envelope.payload;
      if (event.type !== AccountDeletedSchema.typeName || !payload) return;
      const deleted = anyUnpack(payload, AccountDeletedSchema);
      if (!deleted?.accountId) throw new Error(`${event.id}: AccountDeleted without account_id`);
      const erased = await eraseAccountContent({
        ctx,
        tx,
        input: { accountId: deleted.accountId },
        traceparent: event.traceparent,
      });
      ctx.log.info("erased the content of a deleted account", { accountId: deleted.accountId, ...erased });
    },
  });
  return ctx.bus.subscribe({
    service,
    topics: [serviceTopic("identity-service"), serviceTopic("user-service")],
    registry: ctx.metrics.registry,
    handler: async function handleAccountEvent(event) {
      if (event.topic === serviceTopic("user-service")) return forgetProfile(ctx, event);
      await handle(event);
      ctx.relay.wake();
    },
  });
}

/** A profile changed or went away: its private flag may have changed, so the cached one goes. */
async function forgetProfile(ctx: ServiceContext, event: DeliveredEvent): Promise<void> {
  const payload = event.envelope.payload;
  if (!payload) return;
  const profileId =
    event.type === ProfileUpdatedSchema.typeName
      ? anyUnpack(payload, ProfileUpdatedSchema)?.profileId
      : event.type === ProfileErasedSchema.typeName
        ? anyUnpack(payload, ProfileErasedSchema)?.profileId
        : undefined;
  if (profileId) await ctx.peers.forgetPrivacy([profileId]);
}
