import { timestampDate } from "@bufbuild/protobuf/wkt";
import { type Post, Visibility } from "@nova/proto/content/v1";
import type { PostEngagement } from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";
import type { TimelineMedia } from "../peers/media-peer.ts";
import type { AuthorView } from "../peers/user-peer.ts";
import { type PostRef, visiblePosts } from "./visible-posts.ts";

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
  /** The media objects (media-service), in order; [] when it could not answer (ids stay in mediaIds). */
  media: TimelineMedia[];
  /** The author's profile (user-service); null when it could not be had (erased, service down). */
  author: AuthorView | null;
  counts: { likes: number; comments: number; reposts: number; quotes: number; bookmarks: number };
  viewerState: { liked: boolean; reposted: boolean; bookmarked: boolean };
}

const VISIBILITY = {
  [Visibility.UNSPECIFIED]: "public",
  [Visibility.PUBLIC]: "public",
  [Visibility.FOLLOWERS]: "followers",
  [Visibility.MENTIONED]: "mentioned",
} as const;

function toTimelinePost(
  p: Post,
  e: PostEngagement | undefined,
  author: AuthorView | undefined,
  media: ReadonlyMap<string, TimelineMedia>,
): TimelinePost {
  const c = e?.counts;
  return {
    id: p.id,
    authorId: p.authorId,
    author: author ?? null,
    text: p.text,
    mediaIds: p.mediaIds,
    media: p.mediaIds.flatMap((id) => media.get(id) ?? []),
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
 * Completes posts content already returned for the viewer (explore): social's counters and viewer
 * state and user-service's author profiles, the two calls in parallel. Without engagement
 * (GraphQL: the gateway completes posts itself) neither is asked and the counts are zero, unused.
 */
export async function hydratePage(
  ctx: ServiceContext,
  viewerId: string | undefined,
  posts: readonly Post[],
  withEngagement = true,
): Promise<TimelinePost[]> {
  const ids = posts.map((p) => p.id);
  const [engagement, authors, media] = await Promise.all([
    withEngagement ? ctx.social.engagement(viewerId, ids) : new Map<string, PostEngagement>(),
    withEngagement ? ctx.users.authors(posts.map((p) => p.authorId)) : new Map<string, AuthorView>(),
    withEngagement ? ctx.media.media(posts.flatMap((p) => p.mediaIds)) : new Map<string, TimelineMedia>(),
  ]);
  return assemblePage(ids, new Map(posts.map((p) => [p.id, p])), engagement, authors, media);
}

/** Content's, social's and user's answers for some posts, fetched together. */
export interface Hydration {
  posts: Map<string, Post>;
  engagement: Map<string, PostEngagement>;
  /** Profiles of the posts' authors (REST pages only). */
  authors: Map<string, AuthorView>;
  /** The posts' media objects (REST pages only; asked once the posts are known). */
  media: Map<string, TimelineMedia>;
}

/**
 * The answers for `refs` in parallel, keyed by id, for a page assembled afterwards: the posts the
 * viewer may see (`visiblePosts`: refs must leave out authors hidden from the viewer), their
 * counters and viewer state, and their authors' profiles (timeline entries and candidates name the
 * author, so user-service is asked in the same round; an author it does not know stays null).
 * Without engagement (GraphQL, where the gateway completes posts itself) neither social nor user is asked.
 */
export async function fetchHydration(
  ctx: ServiceContext,
  viewerId: string | undefined,
  refs: readonly PostRef[],
  withEngagement = true,
  /** Posts content already returned for this viewer, by id (not asked again). */
  fetched: ReadonlyMap<string, Post> = new Map(),
): Promise<Hydration> {
  const [[posts, media], engagement, authors] = await Promise.all([
    visiblePosts(
      ctx,
      refs.filter((r) => !fetched.has(r.postId)),
      viewerId,
    )
      .then((found) => {
        for (const r of refs) {
          const p = fetched.get(r.postId);
          if (p) found.set(p.id, p);
        }
        return found;
      })
      .then(
        async (found) =>
          [
            found,
            withEngagement
              ? await ctx.media.media([...found.values()].flatMap((p) => p.mediaIds))
              : new Map<string, TimelineMedia>(),
          ] as const,
      ),
    withEngagement
      ? ctx.social.engagement(
          viewerId,
          refs.map((r) => r.postId),
        )
      : new Map<string, PostEngagement>(),
    withEngagement ? ctx.users.authors(refs.map((r) => r.authorId)) : new Map<string, AuthorView>(),
  ]);
  return { posts, engagement, authors, media };
}

/** Items in `order`, from posts already fetched; posts nobody fetched (not visible) are left out. */
export function assemblePage(
  order: readonly string[],
  posts: ReadonlyMap<string, Post>,
  engagement: ReadonlyMap<string, PostEngagement>,
  authors: ReadonlyMap<string, AuthorView> = new Map(),
  media: ReadonlyMap<string, TimelineMedia> = new Map(),
): TimelinePost[] {
  return order.flatMap((id) => {
    const p = posts.get(id);
    return p ? [toTimelinePost(p, engagement.get(id), authors.get(p.authorId), media)] : [];
  });
}
