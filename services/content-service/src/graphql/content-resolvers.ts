import { DomainError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { batchGetPosts, MAX_BATCH } from "../domain/batch-get-posts.ts";
import type { CommentView } from "../domain/comment-view.ts";
import { createComment } from "../domain/create-comment.ts";
import { createPost } from "../domain/create-post.ts";
import { deleteComment } from "../domain/delete-comment.ts";
import { deletePost } from "../domain/delete-post.ts";
import { editPost } from "../domain/edit-post.ts";
import { getPost } from "../domain/get-post.ts";
import { getPostHistory } from "../domain/get-post-history.ts";
import { grantable } from "../domain/grant-post-visibility.ts";
import { listComments } from "../domain/list-comments.ts";
import { listHashtagPosts } from "../domain/list-hashtag-posts.ts";
import { listMyDrafts } from "../domain/list-my-drafts.ts";
import { listPostsByAuthors } from "../domain/list-posts-by-authors.ts";
import { type PostView, toPostView } from "../domain/post-view.ts";
import type { Viewer } from "../domain/viewer.ts";
import { viewGrantBatches } from "./view-grant-batch.ts";

/** Per-request GraphQL context: the caller, verified on first use. */
export interface ContentGraphqlContext {
  viewer(): Promise<Viewer>;
  traceparent: string | undefined;
}

type G = ContentGraphqlContext;
type Page = { first?: number | null; after?: string | null };

/** "Not found" is an absent value in GraphQL, not an error. */
async function orNull<T>(run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof DomainError && err.code === "not_found") return null;
    throw err;
  }
}

const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);

/** GraphQL enums arrive upper-case; the domain's values are lower-case. */
function domainInput(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === null && k !== "contentWarning") continue;
    out[k] = k === "visibility" || k === "replyPolicy" ? lower(v) : v;
  }
  return out;
}

const page = (args: Page) => ({ limit: args.first ?? undefined, cursor: args.after ?? undefined });

/** Resolvers: each converts its arguments and calls a domain verb. */
export function contentResolvers(ctx: ServiceContext) {
  const commentsOf = async (postId: string, parentCommentId: string | null, args: Page, gql: G) => {
    const res = await listComments({
      ctx,
      viewer: await gql.viewer(),
      input: { postId, parentCommentId, ...page(args) },
    });
    return { nodes: res.comments, nextCursor: res.nextCursor };
  };
  const grants = viewGrantBatches(ctx);
  return {
    PostVisibility: { PUBLIC: "public", FOLLOWERS: "followers", MENTIONED: "mentioned" },
    ReplyPolicy: { EVERYONE: "everyone", FOLLOWING: "following", MENTIONED: "mentioned" },
    PostStatus: { DRAFT: "draft", SCHEDULED: "scheduled", PUBLISHED: "published" },
    Query: {
      post: async (_: unknown, args: { id: string }, gql: G) =>
        orNull(async () => getPost({ ctx, viewer: await gql.viewer(), input: { id: args.id } })),
      hashtagPosts: async (_: unknown, args: Page & { tag: string }, gql: G) => {
        const res = await listHashtagPosts({
          ctx,
          viewer: await gql.viewer(),
          input: { tag: args.tag, ...page(args) },
        });
        return { nodes: res.posts.map(toPostView), nextCursor: res.nextCursor };
      },
      myDrafts: async (_: unknown, __: unknown, gql: G) => listMyDrafts({ ctx, viewer: await gql.viewer() }),
      _posts: async (_: unknown, args: { ids: string[] }, gql: G) => {
        const viewer = await gql.viewer();
        const found = new Map<string, PostView>();
        // The gateway may batch more keys than one lookup allows.
        for (let i = 0; i < args.ids.length; i += MAX_BATCH) {
          const rows = await batchGetPosts({ ctx, viewer, input: { ids: args.ids.slice(i, i + MAX_BATCH) } });
          for (const r of rows) found.set(r.id, toPostView(r));
        }
        return args.ids.map((id) => found.get(id) ?? null);
      },
      _contentUsers: (_: unknown, args: { ids: string[] }) => args.ids.map((id) => ({ id })),
    },
    Mutation: {
      createPost: async (_: unknown, args: { input: Record<string, unknown> }, gql: G) =>
        createPost({
          ctx,
          viewer: await gql.viewer(),
          input: domainInput(args.input),
          traceparent: gql.traceparent,
        }),
      editPost: async (_: unknown, args: { id: string; input: Record<string, unknown> }, gql: G) =>
        editPost({
          ctx,
          viewer: await gql.viewer(),
          input: { id: args.id, changes: domainInput(args.input) },
          traceparent: gql.traceparent,
        }),
      deletePost: async (_: unknown, args: { id: string }, gql: G) => {
        await deletePost({
          ctx,
          viewer: await gql.viewer(),
          input: { id: args.id },
          traceparent: gql.traceparent,
        });
        return true;
      },
      createComment: async (_: unknown, args: { postId: string; input: Record<string, unknown> }, gql: G) =>
        createComment({
          ctx,
          viewer: await gql.viewer(),
          input: { postId: args.postId, comment: domainInput(args.input) as { text: string } },
          traceparent: gql.traceparent,
        }),
      deleteComment: async (_: unknown, args: { id: string }, gql: G) => {
        await deleteComment({
          ctx,
          viewer: await gql.viewer(),
          input: { id: args.id },
          traceparent: gql.traceparent,
        });
        return true;
      },
    },
    User: {
      posts: async (user: { id: string }, args: Page & { includeReplies?: boolean | null }, gql: G) => {
        const res = await listPostsByAuthors({
          ctx,
          viewer: await gql.viewer(),
          input: { authorIds: [user.id], includeReplies: args.includeReplies ?? true, ...page(args) },
        });
        return { nodes: res.posts.map(toPostView), nextCursor: res.nextCursor };
      },
    },
    Post: {
      author: (post: PostView) => ({ id: post.authorId }),
      mentions: (post: PostView) => post.mentionedUserIds.map((id) => ({ id })),
      moderationLabels: (post: PostView) => post.moderation.labels,
      moderationHiddenReason: (post: PostView) => post.moderation.hiddenReason,
      comments: (post: PostView, args: Page, gql: G) => commentsOf(post.id, null, args, gql),
      history: async (post: PostView, _: unknown, gql: G) =>
        getPostHistory({ ctx, viewer: await gql.viewer(), input: { id: post.id } }),
      // Every Post resolved here was shown to this request's viewer by a verb that checked it.
      _viewGrant: (post: PostView, _: unknown, gql: G) =>
        grantable(post) ? grants(gql, () => gql.viewer()).load(post.id) : null,
    },
    Comment: {
      author: (comment: CommentView) => ({ id: comment.authorId }),
      replies: (comment: CommentView, args: Page, gql: G) =>
        commentsOf(comment.postId, comment.id, args, gql),
    },
  };
}
