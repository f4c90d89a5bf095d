import type { Transaction } from "@nova/db";
import { rowsOf } from "@nova/db";
import { sql } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { setAccountPrivacy, upsertAccount } from "../db/account-writes.ts";
import { syncAuthorHashtagUses } from "../db/hashtag-writes.ts";
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
  const { id } = input;
  const touched = { documents: [], accounts: [id] };
  const before = rowsOf<{ private: boolean }>(
    await tx.execute(sql`select private from search_service.accounts where id = ${id}`),
  )[0]?.private;
  await applyProfile(tx, input);
  const after = rowsOf<{ private: boolean }>(
    await tx.execute(sql`select private from search_service.accounts where id = ${id}`),
  )[0]?.private;
  // Going private (or public) changes which of its hashtags anyone may see counted (documents may
  // have arrived before their author: a first sight as private re-derives them too).
  if (before !== after && (before !== undefined || after === true)) await syncAuthorHashtagUses(tx, id);
  return touched;
}

async function applyProfile(
  tx: Transaction,
  input: { id: string; username: string; privateAccount?: boolean; fields: ProfileFields | undefined },
): Promise<void> {
  const { id, fields } = input;
  if (fields) {
    await upsertAccount(tx, {
      id,
      username: fields.username || input.username,
      displayName: fields.displayName,
      bio: fields.bio,
      avatarMediaId: fields.avatarMediaId,
      private: input.privateAccount ?? fields.privateAccount,
    });
    return;
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
}
