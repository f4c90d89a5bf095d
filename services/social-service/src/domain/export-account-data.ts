import { requireAccountOwner } from "@nova/auth";
import type { ServiceContext } from "../context.ts";
import { listEngagementOf } from "../db/export-queries.ts";
import type { Viewer } from "./viewer.ts";

/**
 * social-service's section of the account export: the account's likes (of posts and of comments),
 * reposts and bookmarks. Only for the account itself (the verified token's subject).
 */
export async function exportAccountData(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { accountId: string };
}) {
  const accountId = requireAccountOwner(args.viewer, args.input.accountId);
  const { likeRows, repostRows, bookmarkRows } = await listEngagementOf(args.ctx.db.db, accountId);
  return {
    likes: likeRows.map((l) => ({
      subjectKind: l.subjectKind,
      subjectId: l.subjectId,
      postId: l.postId,
      likedAt: l.createdAt.toISOString(),
    })),
    reposts: repostRows.map((r) => ({
      repostId: r.id,
      postId: r.postId,
      repostedAt: r.createdAt.toISOString(),
    })),
    bookmarks: bookmarkRows.map((b) => ({ postId: b.postId, bookmarkedAt: b.createdAt.toISOString() })),
  };
}
