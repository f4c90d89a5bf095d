import { create } from "@bufbuild/protobuf";
import type { Database } from "@nova/db";
import {
  BookmarkDeletedSchema,
  LikeDeletedSchema,
  RepostDeletedSchema,
  SubjectKind,
} from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";
import { deleteBookmarksBy, postIdsBookmarkedBy } from "../db/bookmark-queries.ts";
import { bumpPostCounters, type Counts, lockManyPostCounters } from "../db/counter-queries.ts";
import { deleteLikesBy, postIdsLikedBy } from "../db/like-queries.ts";
import { deleteRepostsBy, postIdsRepostedBy } from "../db/repost-queries.ts";

/**
 * An account was deleted (identity's AccountDeleted): every like, repost and bookmark it made goes,
 * and the counters they fed go down by exactly what was removed. The posts' counters rows are locked
 * first, in id order, like every other multi-post writer. Every like, repost and bookmark that
 * vanishes is announced (LikeDeleted, RepostDeleted, BookmarkDeleted — the last private, see
 * bookmark-post.ts). Idempotent: a second run finds nothing.
 */
export async function eraseAccountEngagement(args: {
  ctx: ServiceContext;
  tx: Database;
  input: { accountId: string };
  traceparent?: string | undefined;
}): Promise<{ afterCommit: () => Promise<void> }> {
  const { ctx, tx, input } = args;
  const accountId = input.accountId;
  const touched = [
    ...new Set([
      ...(await postIdsLikedBy(tx, accountId)),
      ...(await postIdsRepostedBy(tx, accountId)),
      ...(await postIdsBookmarkedBy(tx, accountId)),
    ]),
  ];
  await lockManyPostCounters(tx, touched);
  const deltas = new Map<string, Partial<Counts>>();
  const add = (postId: string, name: keyof Counts) => {
    const d = deltas.get(postId) ?? {};
    d[name] = (d[name] ?? 0) - 1;
    deltas.set(postId, d);
  };
  for (const like of await deleteLikesBy(tx, accountId)) {
    if (like.subjectKind === "post") add(like.postId, "likes");
    await ctx.outbox.enqueue(tx, {
      aggregateId: like.postId,
      schema: LikeDeletedSchema,
      payload: create(LikeDeletedSchema, {
        accountId,
        subjectKind: like.subjectKind === "post" ? SubjectKind.POST : SubjectKind.COMMENT,
        subjectId: like.subjectId,
        postId: like.postId,
      }),
      traceparent: args.traceparent,
    });
  }
  for (const repost of await deleteRepostsBy(tx, accountId)) {
    add(repost.postId, "reposts");
    await ctx.outbox.enqueue(tx, {
      aggregateId: repost.postId,
      schema: RepostDeletedSchema,
      payload: create(RepostDeletedSchema, { repostId: repost.id, accountId, postId: repost.postId }),
      traceparent: args.traceparent,
    });
  }
  for (const bookmark of await deleteBookmarksBy(tx, accountId)) {
    add(bookmark.postId, "bookmarks");
    await ctx.outbox.enqueue(tx, {
      aggregateId: bookmark.postId,
      schema: BookmarkDeletedSchema,
      payload: create(BookmarkDeletedSchema, { accountId, postId: bookmark.postId }),
      traceparent: args.traceparent,
    });
  }
  for (const [postId, delta] of [...deltas].sort(([a], [b]) => a.localeCompare(b)))
    await bumpPostCounters(tx, postId, delta);
  return {
    afterCommit: async () => {
      ctx.relay.wake();
      await Promise.all([ctx.counters.invalidate(touched), ctx.viewerStates.forgetAccount(accountId)]);
    },
  };
}
