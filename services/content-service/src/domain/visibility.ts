import type { ServiceContext } from "../context.ts";
import type { PostRow } from "../db/schema/index.ts";
import type { Relationship } from "../peers/peer-directory.ts";
import type { Viewer } from "./viewer.ts";

/** What the rules need to know about the viewer and the authors of a set of posts. */
export interface AudienceFacts {
  /** Authors whose account is private; null when user-service could not say (treated as all private). */
  privateAuthors: Set<string> | null;
  /** The viewer's relationship to each author; null when graph-service could not say. */
  relationships: Map<string, Relationship> | null;
}

/**
 * The one place that decides whether a viewer may see a post. Drafts and scheduled posts: the
 * author only. Hidden posts (moderation): the author only, who sees why. Otherwise, for anyone but the author: never across a block;
 * `mentioned` posts only to the mentioned; `followers` posts and every post of a private account
 * only to approved followers. What cannot be checked is not shown (fail closed).
 */
export function canSee(post: PostRow, viewer: Viewer, facts: AudienceFacts): boolean {
  const viewerId = viewer?.accountId;
  if (viewerId === post.authorId) return true;
  if (post.hiddenAt) return false;
  if (post.status !== "published") return false;
  const rel = viewerId ? facts.relationships?.get(post.authorId) : undefined;
  if (rel?.blocked) return false;
  if (post.visibility === "mentioned") return !!viewerId && post.mentionedUserIds.includes(viewerId);
  const authorPrivate = facts.privateAuthors?.has(post.authorId) ?? true;
  if (post.visibility === "followers" || authorPrivate) return !!rel?.following;
  return true;
}

/**
 * Asks the peers what canSee needs for these posts, in one batch each. A peer that cannot answer
 * is logged and its facts left unknown, which hides follower-only content rather than failing the read.
 */
export async function loadAudienceFacts(
  ctx: ServiceContext,
  viewer: Viewer,
  rows: readonly PostRow[],
): Promise<AudienceFacts> {
  const others = rows.filter((r) => r.authorId !== viewer?.accountId && r.status === "published");
  const authors = [...new Set(others.map((r) => r.authorId))];
  if (authors.length === 0) return { privateAuthors: new Set(), relationships: new Map() };
  const publicAuthors = [...new Set(others.filter((r) => r.visibility === "public").map((r) => r.authorId))];
  const [privateAuthors, relationships] = await Promise.all([
    publicAuthors.length === 0
      ? Promise.resolve(new Set<string>())
      : ctx.peers.privateAccounts(publicAuthors).catch((err) => {
          ctx.log.error("user-service unavailable: private-account checks fail closed", { err });
          return null;
        }),
    viewer
      ? ctx.peers.relationships(viewer.accountId, authors).catch((err) => {
          ctx.log.error("graph-service unavailable: follower-only content is hidden", { err });
          return null;
        })
      : Promise.resolve(new Map<string, Relationship>()),
  ]);
  return { privateAuthors, relationships };
}

/**
 * A mute is the viewer's wish not to hear from an account in the lists they browse (hashtag pages,
 * comment threads), not an access rule: the muted account's own page and a post opened directly
 * stay readable. Unknown (graph down) → not hidden; access rules already failed closed.
 */
export function mutedByViewer(authorId: string, facts: Pick<AudienceFacts, "relationships">): boolean {
  return facts.relationships?.get(authorId)?.muting ?? false;
}

/**
 * The posts the viewer may see, in the given order; with `hideMuted` (lists the viewer browses)
 * also without the posts of accounts the viewer mutes.
 */
export async function filterVisible(
  ctx: ServiceContext,
  viewer: Viewer,
  rows: readonly PostRow[],
  opts: { hideMuted?: boolean } = {},
): Promise<PostRow[]> {
  const facts = await loadAudienceFacts(ctx, viewer, rows);
  return rows.filter(
    (r) =>
      canSee(r, viewer, facts) &&
      !(opts.hideMuted && r.authorId !== viewer?.accountId && mutedByViewer(r.authorId, facts)),
  );
}

/**
 * Authors among `ids` a viewer should not be shown in a thread: a block either way, or muted by
 * the viewer. Unknown when graph is down → empty, logged.
 */
export async function blockedOrMutedAmong(
  ctx: ServiceContext,
  viewer: Viewer,
  ids: readonly string[],
): Promise<Set<string>> {
  const others = [...new Set(ids)].filter((id) => id !== viewer?.accountId);
  if (!viewer || others.length === 0) return new Set();
  try {
    const rels = await ctx.peers.relationships(viewer.accountId, others);
    return new Set([...rels].filter(([, r]) => r.blocked || r.muting).map(([id]) => id));
  } catch (err) {
    ctx.log.error("graph-service unavailable: block and mute checks on comments skipped", { err });
    return new Set();
  }
}
