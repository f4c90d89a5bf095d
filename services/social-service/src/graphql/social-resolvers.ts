import type { ServiceContext } from "../context.ts";
import { batchGetEngagement, MAX_BATCH } from "../domain/batch-get-engagement.ts";
import { bookmarkPost } from "../domain/bookmark-post.ts";
import type { EngagementView } from "../domain/engagement-view.ts";
import { likeComment } from "../domain/like-comment.ts";
import { likePost } from "../domain/like-post.ts";
import { listBookmarks } from "../domain/list-bookmarks.ts";
import { listMyLikes } from "../domain/list-my-likes.ts";
import { listPostLikers } from "../domain/list-post-likers.ts";
import { repostPost } from "../domain/repost-post.ts";
import { unbookmarkPost } from "../domain/unbookmark-post.ts";
import { unlikeComment } from "../domain/unlike-comment.ts";
import { unlikePost } from "../domain/unlike-post.ts";
import { unrepostPost } from "../domain/unrepost-post.ts";
import { requireViewer, type Viewer } from "../domain/viewer.ts";
import { grantedPostIds } from "../domain/visibility-grant.ts";

/** Per-request GraphQL context: the caller, verified on first use. */
export interface SocialGraphqlContext {
  viewer(): Promise<Viewer>;
  traceparent: string | undefined;
}

/** The GraphQL shape of a post's engagement. */
const toPost = (v: EngagementView) => ({ id: v.postId, counts: v.counts, viewerState: v.viewerState });

type PostArgs = { postId: string };
type PageArgs = { first?: number | null; after?: string | null };
const page = (args: PageArgs) => ({ cursor: args.after ?? undefined, limit: args.first ?? undefined });

/** Engagement of a page of posts in one batched lookup (not one per post), in the page's order. */
async function withEngagement<T extends { postId: string }>(
  ctx: ServiceContext,
  viewer: Viewer,
  items: readonly T[],
): Promise<Array<{ item: T; post: ReturnType<typeof toPost> }>> {
  const views = await batchGetEngagement({ ctx, viewer, input: { postIds: items.map((i) => i.postId) } });
  const byId = new Map(views.map((v) => [v.postId, v]));
  return items.flatMap((item) => {
    const v = byId.get(item.postId);
    return v ? [{ item, post: toPost(v) }] : [];
  });
}
type CommentArgs = { commentId: string };

/** Resolvers: each converts its arguments and calls a domain verb. */
export function socialResolvers(ctx: ServiceContext) {
  const write =
    (
      verb: (a: {
        ctx: ServiceContext;
        viewer: Viewer;
        input: { postId: string };
        traceparent?: string | undefined;
      }) => Promise<EngagementView | { engagement: EngagementView }>,
    ) =>
    async (_: unknown, args: PostArgs, gql: SocialGraphqlContext) => {
      const out = await verb({
        ctx,
        viewer: await gql.viewer(),
        input: { postId: args.postId },
        traceparent: gql.traceparent,
      });
      return toPost("engagement" in out ? out.engagement : out);
    };
  return {
    Query: {
      myBookmarks: async (
        _: unknown,
        args: { first?: number | null; after?: string | null },
        gql: SocialGraphqlContext,
      ) => {
        const viewer = await gql.viewer();
        const page = await listBookmarks({
          ctx,
          viewer,
          input: {
            ownerId: requireViewer(viewer),
            cursor: args.after ?? undefined,
            limit: args.first ?? undefined,
          },
        });
        // One batched engagement lookup for the whole page, not one per post.
        const views = await batchGetEngagement({
          ctx,
          viewer,
          input: { postIds: page.items.map((b) => b.postId) },
        });
        const byId = new Map(views.map((v) => [v.postId, v]));
        return {
          nodes: page.items.flatMap((b) => {
            const v = byId.get(b.postId);
            return v ? [{ post: toPost(v), bookmarkedAt: b.bookmarkedAt }] : [];
          }),
          nextCursor: page.nextCursor,
        };
      },
      myLikes: async (_: unknown, args: PageArgs, gql: SocialGraphqlContext) => {
        const viewer = await gql.viewer();
        const liked = await listMyLikes({ ctx, viewer, input: page(args) });
        const rows = await withEngagement(ctx, viewer, liked.items);
        return {
          nodes: rows.map(({ item, post }) => ({ post, likedAt: item.likedAt })),
          nextCursor: liked.nextCursor,
        };
      },
      _postsEngagement: async (
        _: unknown,
        args: { ids: string[]; viewGrants?: (string | null)[] | null },
        gql: SocialGraphqlContext,
      ) => {
        const viewer = await gql.viewer();
        // content's grants, fetched by the gateway with the posts: covered posts skip BatchGetPosts.
        const granted = await grantedPostIds({ ctx, viewer, grants: args.viewGrants ?? [] });
        const found = new Map<string, EngagementView>();
        // The gateway may batch more keys than one lookup allows.
        for (let i = 0; i < args.ids.length; i += MAX_BATCH) {
          const views = await batchGetEngagement({
            ctx,
            viewer,
            granted,
            input: { postIds: args.ids.slice(i, i + MAX_BATCH) },
          });
          for (const v of views) found.set(v.postId, v);
        }
        return args.ids.map((id) => {
          const v = found.get(id.toLowerCase());
          return v ? { ...toPost(v), id } : null;
        });
      },
    },
    Post: {
      likers: async (post: { id: string }, args: PageArgs, gql: SocialGraphqlContext) => {
        const likers = await listPostLikers({
          ctx,
          viewer: await gql.viewer(),
          input: { postId: post.id, ...page(args) },
        });
        return {
          nodes: likers.items.map((l) => ({ user: { id: l.accountId }, likedAt: l.likedAt })),
          nextCursor: likers.nextCursor,
        };
      },
    },
    Mutation: {
      likePost: write(likePost),
      unlikePost: write(unlikePost),
      repost: write(repostPost),
      unrepost: write(unrepostPost),
      bookmark: write(bookmarkPost),
      unbookmark: write(unbookmarkPost),
      likeComment: async (_: unknown, args: CommentArgs, gql: SocialGraphqlContext) =>
        likeComment({ ctx, viewer: await gql.viewer(), input: args, traceparent: gql.traceparent }),
      unlikeComment: async (_: unknown, args: CommentArgs, gql: SocialGraphqlContext) =>
        unlikeComment({ ctx, viewer: await gql.viewer(), input: args, traceparent: gql.traceparent }),
    },
  };
}
