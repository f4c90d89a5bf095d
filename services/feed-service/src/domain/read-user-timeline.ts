import { timestampMs } from "@bufbuild/protobuf/wkt";
import { InvalidArgumentError } from "@nova/errors";
import type { Post } from "@nova/proto/content/v1";
import type { PostEngagement } from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";
import type { AuthorView } from "../peers/user-peer.ts";
import { assemblePage, type TimelinePost } from "./hydrate-page.ts";
import type { Viewer } from "./read-home-timeline.ts";
import {
  compareEntries,
  decodeOpaqueCursor,
  encodeOpaqueCursor,
  isAfter,
  positionOf,
  type TimelinePosition,
} from "./timeline-cursor.ts";
import type { TimelineEntry } from "./timeline-store.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A user-timeline item: the post, and when the account reposted it (null for its own posts). */
export interface UserTimelineItem extends TimelinePost {
  repostedAt: string | null;
}

export interface UserTimelinePage {
  items: UserTimelineItem[];
  /** Opaque; absent on the last page. A page may hold fewer items than asked while this is set. */
  nextCursor: string | null;
}

// content pages read for one page of the timeline (a page of posts the viewer may not see is empty).
const MAX_CONTENT_PAGES = 3;
// Extra repost entries read past the page, so ties at the cursor's millisecond don't end it early.
const SLACK = 10;
// Position before every entry (a first page, or a page that could not place anything yet).
const START: TimelinePosition = { at: Number.MAX_SAFE_INTEGER, key: "" };

/**
 * Where the next page starts: after `pos` (the last entry served) and, for the account's own posts,
 * from content's cursor `content` (content's order is by publication, so a page re-read from its
 * start skips what `pos` says was served); `content` null once content has no more posts.
 */
interface UserCursor {
  pos: TimelinePosition;
  content: string | null;
}

function encodeUserCursor(c: UserCursor): string {
  return encodeOpaqueCursor({ at: c.pos.at, key: c.pos.key, c: c.content });
}

function decodeUserCursor(cursor: string | undefined): UserCursor {
  if (!cursor) return { pos: START, content: "" };
  return decodeOpaqueCursor(cursor, (v) => {
    const pos = positionOf(v);
    return pos && (v.c === null || typeof v.c === "string") ? { pos, content: v.c } : undefined;
  });
}

const entryOfPost = (p: Post): TimelineEntry => ({
  postId: p.id,
  authorId: p.authorId,
  at: p.publishedAt ? timestampMs(p.publishedAt) : 0,
});

type Candidate = TimelineEntry & { repost: boolean; page: number };

/**
 * One account's timeline, newest first, as the viewer may see them: its posts (top-level and
 * quotes, from content with the viewer's token) merged with its reposts (feed's per-account index
 * from social's RepostCreated/RepostDeleted, ordered by repost time; the reposted post is checked
 * with content like any other, so a repost of something the viewer may not see is left out). A
 * repost of one's own post is not listed twice. Reposts older than the oldest post read are held
 * back until content's next page is read, so the two never interleave out of order.
 */
export async function readUserTimeline({
  ctx,
  viewer,
  input,
}: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { userId: string; cursor?: string | undefined; limit: number; withEngagement?: boolean };
}): Promise<UserTimelinePage> {
  if (!UUID.test(input.userId))
    throw new InvalidArgumentError("invalid user id", [{ field: "id", message: "must be a UUID" }]);
  const { userId, limit } = input;
  const { pos, content: startCursor } = decodeUserCursor(input.cursor);
  const repostsRead = ctx.reposts.read(userId, limit + SLACK + 1, pos === START ? undefined : pos.at);

  // The account's posts after `pos`: content pages until the page can be filled or content ends.
  const pageStarts: (string | null)[] = [];
  const posts = new Map<string, Post>();
  const own: Candidate[] = [];
  let next: string | null = startCursor;
  for (let i = 0; next !== null && i < MAX_CONTENT_PAGES && own.length < limit; i++) {
    pageStarts.push(next);
    const page = await ctx.content.postsByAuthors([userId], limit, next);
    for (const p of page.posts) {
      const e = entryOfPost(p);
      if (!isAfter(e, pos)) continue;
      posts.set(p.id, p);
      own.push({ ...e, repost: false, page: i });
    }
    next = page.nextCursor || null;
  }
  const oldestOwn = own.at(-1);
  const repostEntries = await repostsRead;
  // A full read may have left older reposts unread.
  const moreReposts = repostEntries.length === limit + SLACK + 1;
  const reposts = repostEntries
    .filter((e) => e.authorId !== userId && isAfter(e, pos))
    .map((e): Candidate => ({ ...e, repost: true, page: -1 }));
  // While content has more, a repost older than the oldest post read may belong after posts not
  // read yet: held back. With no post read at all, nothing can be placed.
  const placeable = reposts.filter(
    (r) => next === null || (oldestOwn !== undefined && compareEntries(r, oldestOwn) <= 0),
  );
  const merged = [...own, ...placeable].sort(compareEntries);
  const served = merged.slice(0, limit);
  const last = served.at(-1);

  // Content resumes at the first page with a post not served yet (re-read, `pos` skips the rest).
  const unservedOwn = own.find((e) => !served.includes(e));
  const contentNext = unservedOwn ? (pageStarts[unservedOwn.page] ?? null) : next;
  const more = merged.length > limit || placeable.length < reposts.length || next !== null;
  const nextCursor =
    more || moreReposts
      ? encodeUserCursor({
          pos: last ? { at: last.at, key: `${last.authorId}:${last.postId}` } : pos,
          content: contentNext,
        })
      : null;

  // Reposted posts are checked by content with the viewer's token; counts and authors (known from
  // the entries) for everything served, all in one round.
  const repostIds = served.filter((e) => e.repost).map((e) => e.postId);
  const ids = served.map((e) => e.postId);
  const withEngagement = input.withEngagement ?? true;
  const [reposted, engagement, authors] = await Promise.all([
    ctx.content.visiblePosts(repostIds),
    withEngagement ? ctx.social.engagement(viewer?.accountId, ids) : new Map<string, PostEngagement>(),
    withEngagement ? ctx.users.authors(served.map((e) => e.authorId)) : new Map<string, AuthorView>(),
  ]);
  for (const p of reposted) posts.set(p.id, p);
  const repostedAt = new Map(served.filter((e) => e.repost).map((e) => [e.postId, e.at]));
  const items = assemblePage(ids, posts, engagement, authors).map((p): UserTimelineItem => {
    const at = repostedAt.get(p.id);
    return { ...p, repostedAt: at === undefined ? null : new Date(at).toISOString() };
  });
  return { items, nextCursor };
}
