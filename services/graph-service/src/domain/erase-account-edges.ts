import type { ServiceContext } from "../context.ts";
import { markAccountErased } from "../db/privacy-queries.ts";
import { changeRecorder } from "./change-recorder.ts";

/**
 * Erases every edge of a deleted account (identity's AccountDeleted) and remembers it as erased,
 * so nobody can follow it afterwards. Idempotent: a second delivery finds nothing to erase.
 * Announces FollowDeleted/BlockDeleted/MuteDeleted with reason "account_deleted".
 */
export async function eraseAccountEdges(args: {
  ctx: ServiceContext;
  input: { accountId: string };
  traceparent?: string | undefined;
}): Promise<number> {
  const { ctx, input } = args;
  await markAccountErased(ctx.db.db, input.accountId, ctx.clock());
  const recorder = changeRecorder(ctx, args.traceparent);
  const erased = await ctx.store.eraseAccount(input.accountId, recorder.record);
  await recorder.afterCommit();
  return erased;
}
