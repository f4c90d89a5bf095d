import { create } from "@bufbuild/protobuf";
import type { Database } from "@nova/db";
import { ProfileErasedSchema } from "@nova/proto/user/v1";
import type { ServiceContext } from "../context.ts";
import { deleteProfileRow } from "../db/profile-queries.ts";

/**
 * Erases the profile and settings of a deleted account, in the consumer's transaction. Idempotent:
 * nothing to erase is not an error. Call `afterCommit` once the transaction committed.
 */
export async function eraseProfile(args: {
  ctx: ServiceContext;
  tx: Database;
  input: { accountId: string };
  traceparent?: string;
}): Promise<{ erased: boolean; afterCommit: () => Promise<void> }> {
  const { ctx, tx, input } = args;
  const row = await deleteProfileRow(tx, input.accountId);
  if (row) {
    await ctx.outbox.enqueue(tx, {
      aggregateId: input.accountId,
      schema: ProfileErasedSchema,
      payload: create(ProfileErasedSchema, { profileId: input.accountId }),
      traceparent: args.traceparent,
    });
  }
  return {
    erased: !!row,
    afterCommit: async () => {
      if (row) await ctx.profiles.invalidate(input.accountId, [row.username]);
      ctx.relay.wake();
    },
  };
}
