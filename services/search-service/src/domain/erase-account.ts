import type { Transaction } from "@nova/db";
import { eraseAccount as eraseRows } from "../db/account-writes.ts";
import { recountHashtags } from "../db/hashtag-writes.ts";
import type { Touched } from "../engine/search-engine.ts";

/**
 * An account's deletion (identity's AccountDeleted, delivered twice by the sweep, or user's
 * ProfileErased): its profile, posts, comments, hashtag uses and recent searches leave the index.
 * Idempotent: a second run finds nothing to delete.
 */
export async function eraseAccount(tx: Transaction, accountId: string): Promise<Touched> {
  const { tags, documents } = await eraseRows(tx, accountId);
  await recountHashtags(tx, tags);
  return { documents, accounts: [accountId] };
}
