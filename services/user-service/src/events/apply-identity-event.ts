import { anyUnpack, timestampDate } from "@bufbuild/protobuf/wkt";
import type { Transaction } from "@nova/db";
import type { DeliveredEvent } from "@nova/events";
import { AccountCreatedSchema, AccountDeletedSchema } from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";
import { createProfileForAccount } from "../domain/create-profile-for-account.ts";
import { eraseProfile } from "../domain/erase-profile.ts";

/**
 * Applies one of identity's events inside the idempotent consumer's transaction; returns what to
 * do after commit (cache invalidation). Other event types are not ours to act on: ignored.
 */
export async function applyIdentityEvent(
  ctx: ServiceContext,
  event: DeliveredEvent,
  tx: Transaction,
): Promise<(() => Promise<void>) | undefined> {
  const payload = event.envelope.payload;
  if (!payload) return undefined;
  if (event.type === AccountCreatedSchema.typeName) {
    const created = anyUnpack(payload, AccountCreatedSchema);
    if (!created?.accountId) throw new Error(`${event.id}: AccountCreated without account_id`);
    const result = await createProfileForAccount({
      ctx,
      tx,
      input: {
        accountId: created.accountId,
        username: created.username,
        ...(created.createdAt ? { createdAt: timestampDate(created.createdAt) } : {}),
      },
      traceparent: event.traceparent,
    });
    return result.afterCommit;
  }
  if (event.type === AccountDeletedSchema.typeName) {
    const deleted = anyUnpack(payload, AccountDeletedSchema);
    if (!deleted?.accountId) throw new Error(`${event.id}: AccountDeleted without account_id`);
    const result = await eraseProfile({
      ctx,
      tx,
      input: { accountId: deleted.accountId },
      traceparent: event.traceparent,
    });
    return result.afterCommit;
  }
  return undefined;
}
