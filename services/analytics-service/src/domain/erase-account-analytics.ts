import type { ServiceContext } from "../context.ts";

/**
 * Removes an account's analytics: its events (as actor and as the account acted on), its active
 * hours and the creator rollups of it and its posts. Idempotent (the second AccountDeleted finds
 * nothing). Called from identity's AccountDeleted only: no door exposes it.
 */
export async function eraseAccountAnalytics(args: {
  ctx: ServiceContext;
  input: { accountId: string };
}): Promise<{ removed: number }> {
  const removed = await args.ctx.store.eraseAccount(args.input.accountId);
  if (removed > 0) args.ctx.log.info("account analytics erased", { removed });
  return { removed };
}
