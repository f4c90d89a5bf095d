import { anyUnpack } from "@bufbuild/protobuf/wkt";
import type { DeliveredEvent } from "@nova/events";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";
import { eraseAccountEngagement } from "../domain/erase-account-engagement.ts";
import type { EventApplication } from "./event-application.ts";

/** identity's AccountDeleted erases the account's engagement; other types are not ours (undefined). */
export function planIdentityEvent(ctx: ServiceContext, event: DeliveredEvent): EventApplication | undefined {
  const payload = event.envelope.payload;
  if (!payload || event.type !== AccountDeletedSchema.typeName) return undefined;
  const deleted = anyUnpack(payload, AccountDeletedSchema);
  if (!deleted?.accountId) throw new Error(`${event.id}: AccountDeleted without account_id`);
  const input = { accountId: deleted.accountId };
  return async (tx) =>
    (await eraseAccountEngagement({ ctx, tx, input, traceparent: event.traceparent })).afterCommit;
}
