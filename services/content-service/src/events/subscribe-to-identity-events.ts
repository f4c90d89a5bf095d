import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { consumerGroup, idempotentHandler, type Subscription, serviceTopic } from "@nova/events";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";
import { processedEvents } from "../db/schema/index.ts";
import { eraseAccountContent } from "../domain/erase-account-content.ts";

/**
 * Consumes `nova.identity-service.events`: AccountDeleted erases the account's posts and comments.
 * Each event applies once (processed-events ledger in the same transaction as its effect); other
 * event types are not ours to act on.
 */
export function subscribeToIdentityEvents(ctx: ServiceContext): Promise<Subscription> {
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
    topics: [serviceTopic("identity-service")],
    registry: ctx.metrics.registry,
    handler: async function handleIdentityEvent(event) {
      await handle(event);
      ctx.relay.wake();
    },
  });
}
