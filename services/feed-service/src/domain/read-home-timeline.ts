import { UnauthenticatedError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
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
 * followed heavy authors, without blocked or muted authors (`homeCandidates`: one round of cache
 * reads and graph's hidden authors), then the page hydrated in one more round — posts the viewer
 * may see (`visiblePosts`), social's counters and viewer state, authors' profiles. A post the
 * viewer may not see is left out, so a page may hold fewer than `limit` items.
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
  const candidates = await homeCandidates(ctx, viewer.accountId, pos, input.limit + SLACK);
  const page = candidates.entries.slice(0, input.limit);
  const more = candidates.entries.length > input.limit || candidates.more;
  const last = page.at(-1);
  const { posts, engagement, authors, media } = await fetchHydration(
    ctx,
    viewer.accountId,
    page,
    input.withEngagement,
    candidates.fetchedPosts,
  );
  return {
    items: assemblePage(
      page.map((e) => e.postId),
      posts,
      engagement,
      authors,
      media,
    ),
    nextCursor: more && last ? encodeCursor(last) : null,
  };
}
