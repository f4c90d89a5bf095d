import { UnauthenticatedError } from "@nova/errors";
import type { PostEngagement } from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";
import type { AuthorView } from "../peers/user-peer.ts";
import { homeCandidates } from "./home-candidates.ts";
import { assemblePage, fetchHydration, type TimelinePost } from "./hydrate-page.ts";
import { decodeCursor, encodeCursor } from "./timeline-cursor.ts";

/** Who is asking: the verified token's account, or undefined for an anonymous caller. */
export type Viewer = { readonly accountId: string } | undefined;

export interface TimelinePage {
  items: TimelinePost[];
  /** Opaque; absent on the last page. A page may hold fewer items than asked while this is set. */
  nextCursor: string | null;
}

// Extra entries read past the page so ties at the cursor's millisecond don't end it early.
const SLACK = 10;

/**
 * The viewer's home timeline, newest first: entries fanned out on write merged with the posts of
 * followed heavy authors read at request time, without blocked or muted authors. The newest
 * fanned-out entries are hydrated (content for visibility) while the heavy authors' posts are
 * fetched; social is asked once, for the posts that made the page — in parallel with content when
 * the viewer follows no heavy author (one round trip after the cache read), else after (two).
 */
export async function readHomeTimeline({
  ctx,
  viewer,
  input,
}: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { cursor?: string | undefined; limit: number; withEngagement?: boolean };
}): Promise<TimelinePage> {
  if (!viewer) throw new UnauthenticatedError();
  const pos = decodeCursor(input.cursor);
  const withEngagement = input.withEngagement ?? true;
  // At most `limit` fanned-out entries can make the page: those are hydrated speculatively.
  // Social is asked once per page: with the content of the pushed entries when nothing is merged
  // (in parallel), else once the page is known (merged posts may displace pushed ones).
  const candidates = await homeCandidates(
    ctx,
    viewer.accountId,
    pos,
    input.limit + SLACK,
    (pushed, { merging }) =>
      fetchHydration(ctx, viewer.accountId, pushed.slice(0, input.limit), withEngagement && !merging),
  );
  const pushed = candidates.prefetched;
  const page = candidates.entries.slice(0, input.limit);
  const more = candidates.entries.length > input.limit || candidates.more;
  const last = page.at(-1);
  const shownEntries = page.filter((e) => !candidates.isHidden(e.authorId));
  const shown = shownEntries.map((e) => e.postId);
  const posts = new Map([...pushed.posts, ...candidates.mergedPosts]);
  // What the prefetch could not know (merged posts, or everything when merging): one round.
  const unengaged = shown.filter((id) => posts.has(id) && !pushed.engagement.has(id));
  const authorless = [...new Set(shownEntries.map((e) => e.authorId))].filter((a) => !pushed.authors.has(a));
  const [moreEngagement, moreAuthors] = await Promise.all([
    withEngagement && unengaged.length > 0
      ? ctx.social.engagement(viewer.accountId, unengaged)
      : new Map<string, PostEngagement>(),
    withEngagement && authorless.length > 0 ? ctx.users.authors(authorless) : new Map<string, AuthorView>(),
  ]);
  const engagement = new Map([...pushed.engagement, ...moreEngagement]);
  const authors = new Map([...pushed.authors, ...moreAuthors]);
  return {
    items: assemblePage(shown, posts, engagement, authors),
    nextCursor: more && last ? encodeCursor(last) : null,
  };
}
