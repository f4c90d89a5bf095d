import { timestampMs } from "@bufbuild/protobuf/wkt";
import { InvalidArgumentError } from "@nova/errors";
import type { Post } from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { assemblePage, fetchHydration, type TimelinePost } from "./hydrate-page.ts";
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

const positionOfEntry = (e: TimelineEntry): TimelinePosition => ({
  at: e.at,
  key: `${e.authorId}:${e.postId}`,
});

/** Reposts after `pos` that may be listed: not of the account's own posts, not of an author blocked with the viewer. */
const repostCandidates = (
  reposts: readonly TimelineEntry[],
  userId: string,
  blocked: ReadonlySet<string>,
  pos: TimelinePosition,
): Candidate[] =>
  reposts
    .filter((e) => e.authorId !== userId && !blocked.has(e.authorId) && isAfter(e, pos))
    .map((e) => ({ ...e, repost: true, page: -1 }));

/** The entries a page serves, in order, and where the next page starts. */
interface PagePlan {
  served: Candidate[];
  nextCursor: string | null;
  /** Posts content already returned for this viewer (the content path), by id. */
  fetched: Map<string, Post>;
}

/**
 * From feed's own indexes (the account's posts index is complete: see `TimelineStore.coverage`):
 * its posts and its reposts, each read `want` deep past `pos`, merged. A list read to its depth may
 * go on below its oldest entry read, so nothing older than that entry is served on this page.
 */
function planFromIndex(
  userId: string,
  pos: TimelinePosition,
  limit: number,
  own: readonly TimelineEntry[],
  reposts: readonly TimelineEntry[],
  want: number,
  blocked: ReadonlySet<string>,
): PagePlan {
  const floors = [own, reposts].flatMap((list) =>
    list.length === want ? [list.at(-1) as TimelineEntry] : [],
  );
  const floor = floors.sort(compareEntries)[0];
  const candidates = [
    ...own.filter((e) => isAfter(e, pos)).map((e): Candidate => ({ ...e, repost: false, page: 0 })),
    ...repostCandidates(reposts, userId, blocked, pos),
  ]
    .sort(compareEntries)
    .filter((e) => floor === undefined || compareEntries(e, floor) <= 0);
  const served = candidates.slice(0, limit);
  const last = served.at(-1) ?? floor;
  const more = candidates.length > limit || floor !== undefined;
  return {
    served,
    // content "": were a later page read from content, it would start over and skip to `pos`.
    nextCursor: more && last ? encodeUserCursor({ pos: positionOfEntry(last), content: "" }) : null,
    fetched: new Map(),
  };
}

/**
 * From content (an account whose posts index cannot vouch for this page: older than the index, or
 * read below what the capped index still holds): the account's posts from content
 * `ListPostsByAuthors` with the viewer's token, pages until this one can be filled, merged with the
 * reposts index. Reposts older than the oldest post read are held back until content's next page
 * is read, so the two never interleave out of order.
 */
async function planFromContent(
  ctx: ServiceContext,
  userId: string,
  cursor: UserCursor,
  limit: number,
  repostEntries: readonly TimelineEntry[],
  want: number,
  blocked: ReadonlySet<string>,
): Promise<PagePlan> {
  const { pos, content: startCursor } = cursor;
  // The account's posts after `pos`: content pages until the page can be filled or content ends.
  const pageStarts: (string | null)[] = [];
  const fetched = new Map<string, Post>();
  const own: Candidate[] = [];
  let next: string | null = startCursor;
  for (let i = 0; next !== null && i < MAX_CONTENT_PAGES && own.length < limit; i++) {
    pageStarts.push(next);
    const page = await ctx.content.postsByAuthors([userId], limit, next);
    for (const p of page.posts) {
      const e = entryOfPost(p);
      if (!isAfter(e, pos)) continue;
      fetched.set(p.id, p);
      own.push({ ...e, repost: false, page: i });
    }
    next = page.nextCursor || null;
  }
  const oldestOwn = own.at(-1);
  // A full read may have left older reposts unread.
  const moreReposts = repostEntries.length === want;
  const reposts = repostCandidates(repostEntries, userId, blocked, pos);
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
      ? encodeUserCursor({ pos: last ? positionOfEntry(last) : pos, content: contentNext })
      : null;
  return { served, nextCursor, fetched };
}

/**
 * One account's timeline, newest first, as the viewer may see them: its posts (top-level and
 * quotes) merged with its reposts (feed's per-account index from social's RepostCreated /
 * RepostDeleted, ordered by repost time). A repost of one's own post is not listed twice. Nothing
 * is served across a block either way between the viewer and the account, and no repost of an
 * author blocked with the viewer.
 *
 * The account's posts come from feed's posts index when it is complete for the page (accounts
 * created since the index existed; see `planFromIndex`), else from content (`planFromContent`).
 * Either way every post is then checked like a home-timeline entry (`fetchHydration`: public posts
 * from the held answers, the rest asked of content with the viewer's token, so a post the viewer
 * may not see is left out), with counts and authors in the same round.
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
  const cursor = decodeUserCursor(input.cursor);
  const want = limit + SLACK + 1;
  const maxAt = cursor.pos === START ? undefined : cursor.pos.at;
  const [coverage, own, reposts, blocked] = await Promise.all([
    ctx.authorPosts.coverage(userId),
    ctx.authorPosts.read(userId, want, maxAt),
    ctx.reposts.read(userId, want, maxAt),
    viewer ? ctx.graph.hiddenAuthors(viewer.accountId).then((h) => h.blocked) : new Set<string>(),
  ]);
  if (blocked.has(userId)) return { items: [], nextCursor: null };
  // A read that ran out of a capped (possibly trimmed) index may be missing older posts.
  const indexed = coverage.complete && (own.length === want || !coverage.full);
  const plan = indexed
    ? planFromIndex(userId, cursor.pos, limit, own, reposts, want, blocked)
    : await planFromContent(ctx, userId, cursor, limit, reposts, want, blocked);

  const { posts, engagement, authors, media } = await fetchHydration(
    ctx,
    viewer?.accountId,
    plan.served,
    input.withEngagement ?? true,
    plan.fetched,
  );
  const repostedAt = new Map(plan.served.filter((e) => e.repost).map((e) => [e.postId, e.at]));
  const items = assemblePage(
    plan.served.map((e) => e.postId),
    posts,
    engagement,
    authors,
    media,
  ).map((p): UserTimelineItem => {
    const at = repostedAt.get(p.id);
    return { ...p, repostedAt: at === undefined ? null : new Date(at).toISOString() };
  });
  return { items, nextCursor: plan.nextCursor };
}
