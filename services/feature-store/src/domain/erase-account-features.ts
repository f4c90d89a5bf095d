import { withTransaction } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { deleteAccountStates } from "../db/entity-state-queries.ts";
import { recordErasedAccount } from "../db/erased-account-queries.ts";

/**
 * Erases an account's features after identity's AccountDeleted: its user and author states and
 * every viewer × author pair it is either side of (affinities, visits, interests), in the state
 * table, the offline store and the online cache; and records the account as erased so later events
 * about it are not materialised again. Idempotent: a redelivery repeats a no-op. A cache failure
 * throws, so the event is retried rather than leaving erased features cached.
 */
export async function eraseAccountFeatures({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, "db" | "offline" | "online">;
  input: { accountId: string };
}): Promise<{ erasedEntities: number }> {
  const { accountId } = input;
  const deleted = await withTransaction(ctx.db.db, async (tx) => {
    await recordErasedAccount(tx, accountId);
    const states = await deleteAccountStates(tx, accountId);
    await ctx.offline.eraseAccount(accountId, { tx });
    return states;
  });
  await ctx.online.forget([
    ...deleted,
    // Absent marks and fills of the account's own entities, whether or not they had a row.
    { entityType: "user", entityId: accountId },
    { entityType: "author", entityId: accountId },
  ]);
  return { erasedEntities: deleted.length };
}
