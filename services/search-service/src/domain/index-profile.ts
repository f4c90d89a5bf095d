import type { Transaction } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { setAccountPrivacy, upsertAccount } from "../db/account-writes.ts";
import type { Touched } from "../engine/search-engine.ts";
import type { ProfileFields } from "../peers/user-peer.ts";

/**
 * Reads a profile's public fields from user-service (its events carry only the username and the
 * private flag) — before the transaction, so no connection is held across the call. A failure
 * leaves `fields` undefined and the event's own fields are applied alone.
 */
export async function fetchProfile(ctx: ServiceContext, id: string): Promise<ProfileFields | undefined> {
  try {
    return await ctx.users.getProfile(id);
  } catch (err) {
    ctx.log.warn("search: profile not readable, indexing the event's fields only", { err, id });
    return undefined;
  }
}

/** Indexes a profile: the fetched fields when there are, else what the event says. */
export async function indexProfile(
  tx: Transaction,
  input: { id: string; username: string; privateAccount?: boolean; fields: ProfileFields | undefined },
): Promise<Touched> {
  const { id, fields } = input;
  const touched = { documents: [], accounts: [id] };
  if (fields) {
    await upsertAccount(tx, {
      id,
      username: fields.username || input.username,
      displayName: fields.displayName,
      bio: fields.bio,
      avatarMediaId: fields.avatarMediaId,
      private: input.privateAccount ?? fields.privateAccount,
    });
    return touched;
  }
  await upsertAccount(tx, {
    id,
    username: input.username,
    displayName: "",
    bio: "",
    avatarMediaId: "",
    private: input.privateAccount ?? false,
  });
  if (input.privateAccount !== undefined)
    await setAccountPrivacy(tx, id, input.username, input.privateAccount);
  return touched;
}
