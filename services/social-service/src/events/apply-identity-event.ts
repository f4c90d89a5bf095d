import { anyUnpack } from "@bufbuild/protobuf/wkt";
import type { Transaction } from "@nova/db";
import type { DeliveredEvent } from "@nova/events";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";
import { eraseAccountEngagement } from "../domain/erase-account-engagement.ts";

/** Applies identity's AccountDeleted (erase the account's engagement); other types are not ours. */
export async function applyIdentityEvent(
  ctx: ServiceContext,
  event: DeliveredEvent,
  tx: Transaction,
): Promise<(() => Promise<void>) | undefined> {
  const payload = event.envelope.payload;
  if (!payload || event.type !== AccountDeletedSchema.typeName) return undefined;
  const deleted = anyUnpack(payload, AccountDeletedSchema);
  if (!deleted?.accountId) throw new Error(`${event.id}: AccountDeleted without account_id`);
  const result = await eraseAccountEngagement({
    ctx,
    tx,
    input: { accountId: deleted.accountId },
    traceparent: event.traceparent,
  });
  return result.afterCommit;
}
