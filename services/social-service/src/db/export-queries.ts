import type { Database } from "@nova/db";
import { asc, eq } from "drizzle-orm";
import { bookmarks, likes, reposts } from "./schema/index.ts";

/** Everything an account engaged with, oldest first: its likes (posts and comments), reposts, bookmarks. */
export async function listEngagementOf(db: Database, accountId: string) {
  const [likeRows, repostRows, bookmarkRows] = await Promise.all([
    db.select().from(likes).where(eq(likes.accountId, accountId)).orderBy(asc(likes.createdAt)),
    db.select().from(reposts).where(eq(reposts.accountId, accountId)).orderBy(asc(reposts.createdAt)),
    db.select().from(bookmarks).where(eq(bookmarks.accountId, accountId)).orderBy(asc(bookmarks.createdAt)),
  ]);
  return { likeRows, repostRows, bookmarkRows };
}
