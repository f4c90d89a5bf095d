import { timestampDate } from "@bufbuild/protobuf/wkt";
import { type Post, Visibility } from "@nova/proto/content/v1";
import type { PostEngagement } from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";

/** A post as a timeline serves it: content's fields plus its counters and the viewer's state. */
export interface TimelinePost {
  id: string;
  authorId: string;
  text: string;
  mediaIds: string[];
  visibility: "public" | "followers" | "mentioned";
  replyToPostId: string | null;
  quoteOfPostId: string | null;
  contentWarning: string | null;
  hashtags: string[];
  edited: boolean;
  publishedAt: string | null;
  counts: { likes: number; comments: number; reposts: number; quotes: number; bookmarks: number };
  viewerState: { liked: boolean; reposted: boolean; bookmarked: boolean };
}

const VISIBILITY = {
  [Visibility.UNSPECIFIED]: "public",
  [Visibility.PUBLIC]: "public",
  [Visibility.FOLLOWERS]: "followers",
  [Visibility.MENTIONED]: "mentioned",
} as const;

function toTimelinePost(p: Post, e: PostEngagement | undefined): TimelinePost {
  const c = e?.counts;
  return {
    id: p.id,
    authorId: p.authorId,
    text: p.text,
    mediaIds: p.mediaIds,
    visibility: VISIBILITY[p.visibility],
    replyToPostId: p.replyToPostId || null,
    quoteOfPostId: p.quoteOfPostId || null,
    contentWarning: p.contentWarning || null,
    hashtags: p.hashtags,
    edited: p.edited,
    publishedAt: p.publishedAt ? timestampDate(p.publishedAt).toISOString() : null,
    counts: {
      likes: Number(c?.likes ?? 0),
      comments: Number(c?.comments ?? 0),
      reposts: Number(c?.reposts ?? 0),
      quotes: Number(c?.quotes ?? 0),
      bookmarks: Number(c?.bookmarks ?? 0),
    },
    viewerState: {
      liked: e?.viewerState?.liked ?? false,
      reposted: e?.viewerState?.reposted ?? false,
      bookmarked: e?.viewerState?.bookmarked ?? false,
    },
  };
}

/**
 * Hydrates a page (≤100 posts) with one call per service, the two in parallel: content re-reads
 * the posts with the viewer's token, so anything the viewer may no longer see (deleted, hidden,
 * followers-only without a follow, a blocked pair) is left out; social adds counters and viewer
 * state for the same ids (answers for posts content then leaves out are dropped unread).
 * `posts` may already hold content's answer (a user timeline), then content is not asked again.
 * Without engagement (GraphQL: the gateway asks social itself) the counts are zero and unused.
 */
export async function hydratePage(
  ctx: ServiceContext,
  viewerId: string | undefined,
  page: { postIds: readonly string[] } | { posts: readonly Post[] },
  withEngagement = true,
): Promise<TimelinePost[]> {
  if (!("posts" in page)) {
    const { posts, engagement } = await fetchHydration(ctx, viewerId, page.postIds, withEngagement);
    return assemblePage(page.postIds, posts, engagement);
  }
  const ids = page.posts.map((p) => p.id);
  const engagement = withEngagement
    ? await ctx.social.engagement(viewerId, ids)
    : new Map<string, PostEngagement>();
  return assemblePage(ids, new Map(page.posts.map((p) => [p.id, p])), engagement);
}

/** Content's and social's answers for some posts, fetched together (see hydratePage). */
export interface Hydration {
  posts: Map<string, Post>;
  engagement: Map<string, PostEngagement>;
}

/** Both answers for `postIds` in parallel, keyed by post id, for a page assembled afterwards. */
export async function fetchHydration(
  ctx: ServiceContext,
  viewerId: string | undefined,
  postIds: readonly string[],
  withEngagement = true,
): Promise<Hydration> {
  const [posts, engagement] = await Promise.all([
    ctx.content.visiblePosts(postIds),
    withEngagement ? ctx.social.engagement(viewerId, postIds) : new Map<string, PostEngagement>(),
  ]);
  return { posts: new Map(posts.map((p) => [p.id, p])), engagement };
}

/** Items in `order`, from posts already fetched; posts nobody fetched (not visible) are left out. */
export function assemblePage(
  order: readonly string[],
  posts: ReadonlyMap<string, Post>,
  engagement: ReadonlyMap<string, PostEngagement>,
): TimelinePost[] {
  return order.flatMap((id) => {
    const p = posts.get(id);
    return p ? [toTimelinePost(p, engagement.get(id))] : [];
  });
}
