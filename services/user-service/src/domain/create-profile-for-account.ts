import { create } from "@bufbuild/protobuf";
import type { Database } from "@nova/db";
import { ProfileCreatedSchema } from "@nova/proto/user/v1";
import { checkUsername } from "@nova/usernames";
import type { ServiceContext } from "../context.ts";
import { findProfileIdsByUsernames, insertProfileIfAbsent } from "../db/profile-queries.ts";

type Name = { username: string };

/** A valid name derived from `base` (or from the account id when `base` is unusable). */
function derivedName(base: string, accountId: string): Name {
  const digits = String(Math.floor(Math.random() * 10_000)).padStart(4, "0");
  for (const candidate of [
    `${base.slice(0, 25)}_${digits}`,
    `user_${accountId.replaceAll("-", "").slice(-12)}`,
  ]) {
    const check = checkUsername(candidate);
    if (check.ok) return check;
  }
  throw new Error("no valid username could be derived");
}

/**
 * Creates the profile of a new account (from identity's account-created event), in `tx` — the
 * consumer's transaction, so the profile commits with the processed-event row. Idempotent: a second
 * delivery finds the profile and does nothing. If the username was taken here in the meantime (a
 * race with a rename), the profile gets `<name>_<4 digits>` and ProfileCreated tells identity.
 * Call `afterCommit` once the transaction committed (it drops cached "not found" answers).
 */
export async function createProfileForAccount(args: {
  ctx: ServiceContext;
  tx: Database;
  input: { accountId: string; username: string; createdAt?: Date };
  traceparent?: string;
}): Promise<{ created: boolean; username: string; afterCommit: () => Promise<void> }> {
  const { ctx, tx, input } = args;
  const wanted = checkUsername(input.username);
  let name: Name = wanted.ok ? wanted : derivedName("user", input.accountId);
  const holder = (await findProfileIdsByUsernames(tx, [name.username])).get(name.username);
  if (holder && holder !== input.accountId) {
    name = derivedName(name.username, input.accountId);
    ctx.log.warn("username taken before the profile was created; assigned another", {
      accountId: input.accountId,
    });
  }
  const created = await insertProfileIfAbsent(tx, {
    id: input.accountId,
    username: name.username,
    createdAt: input.createdAt ?? ctx.clock(),
  });
  if (created) {
    await ctx.outbox.enqueue(tx, {
      aggregateId: input.accountId,
      schema: ProfileCreatedSchema,
      payload: create(ProfileCreatedSchema, { profileId: input.accountId, username: name.username }),
      traceparent: args.traceparent,
    });
  }
  return {
    created,
    username: name.username,
    afterCommit: async () => {
      if (created) await ctx.profiles.invalidate(input.accountId, [name.username]);
      ctx.relay.wake();
    },
  };
}
