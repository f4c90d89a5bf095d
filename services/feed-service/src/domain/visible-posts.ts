import type { Post } from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import type { TimelineEntry } from "./timeline-store.ts";

/** A post and its author, as timeline entries and candidates name them. */
export type PostRef = Pick<TimelineEntry, "postId" | "authorId">;

// content's batch limit.
const BATCH = 100;

/** Key of content's anonymous answer for a post; under its author's prefix (a privacy change drops them all). */
export const publicPostKey = (ref: PostRef) => `${authorPostsPrefix(ref.authorId)}${ref.postId}`;
export const authorPostsPrefix = (authorId: string) => `feed:v1:public-post:${authorId}:`;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

/**
 * The posts among `refs` the viewer may see, by id. content decides, as the owner of every
 * visibility rule; what it told a logged-out viewer is kept in this instance's memory
 * (`ctx.publicPosts`), because that answer depends only on the post and its author and both
 * announce changes: content's PostEdited / PostDeleted / PostHidden drop the post, a user-service
 * ProfileUpdated leaving the account private drops every post of the author, on every feed
 * instance. So:
 *
 * - a post content shows to anyone is served from memory — the one viewer-dependent rule for such
 *   a post is a block, so **`refs` must already leave out authors blocked either way with the
 *   viewer** (every caller reads graph's hidden authors first);
 * - the rest (followers-only, mentioned, private accounts, unknown) are asked of content with the
 *   viewer's token in one batch; without a viewer they are simply not visible.
 *
 * Until the event arrives (typically well under a second) a deleted or edited post can be served
 * as it was — to its author too: the viewer's own public posts are held like anyone's (asking
 * content for them on every read cost ~40% of a home read's CPU, since most first pages hold one);
 * the author's app shows its own edit from the write's response. The cache's TTL bounds a lost
 * invalidation message.
 */
export async function visiblePosts(
  ctx: ServiceContext,
  refs: readonly PostRef[],
  viewerId: string | undefined,
): Promise<Map<string, Post>> {
  const keyed = new Map(refs.map((r) => [publicPostKey(r), r]));
  const held = await ctx.publicPosts.getMany([...keyed.keys()], async (missing) => {
    const ids = missing.map((k) => (keyed.get(k) as PostRef).postId);
    const answers = await Promise.all(chunks(ids).map((c) => ctx.content.publicPosts(c)));
    return new Map(answers.flat().map((p) => [publicPostKey({ postId: p.id, authorId: p.authorId }), p]));
  });
  const out = new Map<string, Post>();
  const rest: string[] = [];
  for (const [key, ref] of keyed) {
    const post = held.get(key);
    if (post) out.set(post.id, post);
    else rest.push(ref.postId);
  }
  if (viewerId && rest.length > 0) {
    const answers = await Promise.all(chunks(rest).map((c) => ctx.content.visiblePosts(c)));
    for (const p of answers.flat()) out.set(p.id, p);
  }
  return out;
}
