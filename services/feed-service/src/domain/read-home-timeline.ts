import { UnauthenticatedError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { homeCandidates } from "./home-candidates.ts";
import { hydratePage, type TimelinePost } from "./hydrate-page.ts";
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
 * followed heavy authors read at request time, without blocked or muted authors, hydrated with
 * one batched call to content (visibility) and one to social (counts).
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
  const shown = page.filter((e) => !candidates.isHidden(e.authorId));
  const items = await hydratePage(
    ctx,
    viewer.accountId,
    { postIds: shown.map((e) => e.postId) },
    input.withEngagement,
  );
  return { items, nextCursor: more && last ? encodeCursor(last) : null };
}
