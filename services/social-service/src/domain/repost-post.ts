import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { withTransaction } from "@nova/db";
import { NotFoundError } from "@nova/errors";
import { RepostCreatedSchema } from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";
import { bumpPostCounters, lockPostCounters } from "../db/counter-queries.ts";
import { findRepost, insertRepost } from "../db/repost-queries.ts";
import type { RepostRow } from "../db/schema/index.ts";
import { afterEngagementCommit } from "./after-commit.ts";
import { assertMayEngage } from "./assert-may-engage.ts";
import { getEngagement } from "./batch-get-engagement.ts";
import { parsePostId } from "./post-id-input.ts";
import type { RepostView } from "./repost-view.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/**
 * Reposts a post the viewer may see (not in a blocked pair with its author). One repost per account
 * and post: reposting again returns the existing one (`created: false`) and emits nothing.
 */
export async function repostPost(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { postId: string };
  traceparent?: string | undefined;
}): Promise<RepostView> {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const postId = parsePostId(args.input);
  await ctx.writeLimits.consume("reposts", accountId);
  const post = await assertMayEngage(ctx, accountId, postId);
  const now = ctx.clock();
  const result = await withTransaction(
    ctx.db.db,
    async (tx): Promise<{ row: RepostRow; created: boolean }> => {
      if ((await lockPostCounters(tx, postId)).deleted) throw new NotFoundError("post");
      const created = await insertRepost(tx, {
        id: Bun.randomUUIDv7(),
        accountId,
        postId,
        postAuthorId: post.authorId,
        createdAt: now,
      });
      if (!created) {
        const existing = await findRepost(tx, accountId, postId);
        if (!existing) throw new Error("unreachable: repost conflicted but is gone under the post's lock");
        return { row: existing, created: false };
      }
      await bumpPostCounters(tx, postId, { reposts: 1 });
      await ctx.outbox.enqueue(tx, {
        aggregateId: postId,
        schema: RepostCreatedSchema,
        payload: create(RepostCreatedSchema, {
          repostId: created.id,
          accountId,
          postId,
          postAuthorId: post.authorId,
          createdAt: timestampFromDate(now),
        }),
        traceparent: args.traceparent,
        occurredAt: now,
      });
      return { row: created, created: true };
    },
  );
  await afterEngagementCommit(ctx, [postId], accountId);
  return {
    repostId: result.row.id,
    createdAt: result.row.createdAt.toISOString(),
    created: result.created,
    engagement: await getEngagement(ctx, args.viewer, postId),
  };
}
