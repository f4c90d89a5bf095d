import { requireAccountOwner } from "@nova/auth";
import type { ServiceContext } from "../context.ts";
import { listAllCommentsOfAuthor, listAllPostsOfAuthor, listEditsOfPosts } from "../db/export-queries.ts";
import { toCommentView } from "./comment-view.ts";
import { toPostView } from "./post-view.ts";
import type { Viewer } from "./viewer.ts";

/**
 * content-service's section of the account export: every post of the account (drafts, scheduled,
 * published and hidden, each with its earlier versions) and every comment it wrote. Only for the
 * account itself (the verified token's subject); identity-service calls it for the owner.
 */
export async function exportAccountData(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { accountId: string };
}) {
  const accountId = requireAccountOwner(args.viewer, args.input.accountId);
  const db = args.ctx.db.db;
  const [postRows, commentRows] = await Promise.all([
    listAllPostsOfAuthor(db, accountId),
    listAllCommentsOfAuthor(db, accountId),
  ]);
  const edits = await listEditsOfPosts(
    db,
    postRows.map((p) => p.id),
  );
  return {
    posts: postRows.map((row) => ({
      ...toPostView(row),
      hiddenAt: row.hiddenAt?.toISOString() ?? null,
      earlierVersions: edits
        .filter((e) => e.postId === row.id)
        .map((e) => ({
          text: e.text,
          mediaIds: e.mediaIds,
          contentWarning: e.contentWarning,
          replacedAt: e.replacedAt.toISOString(),
        })),
    })),
    comments: commentRows.map(toCommentView),
  };
}
