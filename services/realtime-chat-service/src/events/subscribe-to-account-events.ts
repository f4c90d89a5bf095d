import { anyUnpack } from "@bufbuild/protobuf/wkt";
import {
  consumerGroup,
  type DeliveredEvent,
  idempotentHandler,
  type Subscription,
  serviceTopic,
} from "@nova/events";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";
import { processedEvents } from "../db/schema/index.ts";
import { eraseAccountChat } from "../domain/erase-account-chat.ts";

/** Applies identity's AccountDeleted once (processed-events ledger); other events are ignored. Exported for tests. */
export function handleAccountEvent(ctx: ServiceContext) {
  const apply = idempotentHandler({
    db: ctx.db.db,
    table: processedEvents,
    consumer: consumerGroup(ctx.config.service.name),
    handle: async (event, tx) => {
      const payload = event.envelope.payload;
      const deleted = payload ? anyUnpack(payload, AccountDeletedSchema) : undefined;
      if (!deleted?.accountId) throw new Error(`${event.id}: AccountDeleted without account_id`);
      await eraseAccountChat(tx, deleted.accountId);
    },
  });
  return async (event: DeliveredEvent): Promise<void> => {
    if (event.type !== AccountDeletedSchema.typeName) return;
    await apply(event);
  };
}

/** Consumes identity-service's events (AccountDeleted). */
export function subscribeToAccountEvents(ctx: ServiceContext): Promise<Subscription> {
  return ctx.bus.subscribe({
    service: ctx.config.service.name,
    topics: [serviceTopic("identity-service")],
    registry: ctx.metrics.registry,
    handler: handleAccountEvent(ctx),
  });
}
