import type { ServiceContext } from "../context.ts";

/**
 * Erases what ranking holds about an account after identity's AccountDeleted: the impressions shown
 * to it, impressions of its posts shown to others, and its feedback. Idempotent, so a redelivery
 * repeats a no-op.
 */
export async function eraseAccountRankingData({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, "impressions">;
  input: { accountId: string };
}): Promise<void> {
  await ctx.impressions.eraseAccount(input.accountId);
}
