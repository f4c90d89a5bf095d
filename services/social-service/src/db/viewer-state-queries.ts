import type { Database } from "@nova/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import { bookmarks, likes, reposts } from "./schema/index.ts";

/** Which of the posts the account liked, reposted and (when asked) bookmarked: one round trip. */
export async function findViewerStates(
  db: Database,
  accountId: string,
  postIds: readonly string[],
  withBookmarks: boolean,
): Promise<{ liked: Set<string>; reposted: Set<string>; bookmarked: Set<string> }> {
  const out = { liked: new Set<string>(), reposted: new Set<string>(), bookmarked: new Set<string>() };
  if (postIds.length === 0) return out;
  const ids = [...postIds];
  const liked = db
    .select({ kind: sql<string>`'liked'`.as("kind"), id: likes.subjectId })
    .from(likes)
    .where(and(eq(likes.accountId, accountId), eq(likes.subjectKind, "post"), inArray(likes.subjectId, ids)));
  const reposted = db
    .select({ kind: sql<string>`'reposted'`.as("kind"), id: reposts.postId })
    .from(reposts)
    .where(and(eq(reposts.accountId, accountId), inArray(reposts.postId, ids)));
  const bookmarked = db
    .select({ kind: sql<string>`'bookmarked'`.as("kind"), id: bookmarks.postId })
    .from(bookmarks)
    .where(and(eq(bookmarks.accountId, accountId), inArray(bookmarks.postId, ids)));
  const rows = withBookmarks ? await unionAll(liked, reposted, bookmarked) : await unionAll(liked, reposted);
  for (const r of rows) out[r.kind as keyof typeof out]?.add(r.id);
  return out;
}
