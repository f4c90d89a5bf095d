import { create } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import type { InstanceCache } from "@nova/cache";
import {
  type EngagementCounts,
  type PostEngagement,
  PostEngagementSchema,
  type SocialService,
} from "@nova/proto/social/v1";
import { toDomainError } from "@nova/rpc";
import { viewerCallOptions } from "./call-options.ts";

/** social-service as feed-service uses it: counters and viewer state of a page of posts. */
export interface SocialPeer {
  /**
   * Engagement of up to 100 posts, keyed by post id: counters and (for a signed-in viewer) what the
   * viewer did to each. Held per instance and asked of social only for what is not held.
   */
  engagement(viewerId: string | undefined, postIds: readonly string[]): Promise<Map<string, PostEngagement>>;
  /** These posts' counters changed (social's events): every instance drops their held counters. */
  forgetCounts(postIds: readonly string[]): Promise<void>;
  /** The account liked, reposted or bookmarked (or undid it): every instance drops its held view of the post. */
  forgetViewerState(accountId: string, postId: string): Promise<void>;
}

/** What feed holds of social's answers: counters per post, and each viewer's state per post (bits). */
export interface HeldEngagement {
  counts: InstanceCache<EngagementCounts>;
  viewerStates: InstanceCache<number>;
}

const LIKED = 1;
const REPOSTED = 2;
const BOOKMARKED = 4;
const stateKey = (viewerId: string, postId: string) => `${viewerId}|${postId}`;

/**
 * A post's counters are shared by every viewer and change with anyone's engagement; a viewer's
 * state changes only with the viewer's own. Both are held per instance (no RPC on a page whose
 * posts were seen lately — the call to social was most of a timeline read's CPU) and kept coherent
 * by social's events (`forgetCounts`, `forgetViewerState`, consumed by one instance and
 * broadcast to all); the held TTL bounds a lost invalidation. One call to social answers both for the
 * posts missing either. A viewer's state is looked up only for posts someone engaged with.
 */
export function createSocialPeer(client: Client<typeof SocialService>, held: HeldEngagement): SocialPeer {
  const ask = async (
    viewerId: string | undefined,
    postIds: readonly string[],
    into: Map<string, PostEngagement>,
  ) => {
    try {
      const res = await client.batchGetEngagement(
        { viewerId: viewerId ?? "", postIds: [...postIds] },
        viewerCallOptions(),
      );
      for (const e of res.engagements) into.set(e.postId, e);
    } catch (err) {
      throw toDomainError(err, "social-service");
    }
  };
  const forgetCounts = async (postIds: readonly string[]) => {
    await Promise.all([...new Set(postIds)].map((id) => held.counts.invalidate(id)));
  };
  return {
    async engagement(viewerId, postIds) {
      const out = new Map<string, PostEngagement>();
      if (postIds.length === 0) return out;
      const asked = new Map<string, PostEngagement>();
      const counts = await held.counts.getMany(postIds, async (missing) => {
        // One call for the page: the posts whose counters are missing, and those whose counters
        // are held but whose viewer state (needed, see below) is not.
        const lacking = new Set(missing);
        const statesToo = viewerId
          ? postIds.filter(
              (id) =>
                !lacking.has(id) &&
                engagedWith(held.counts.peek(id)) &&
                held.viewerStates.peek(stateKey(viewerId, id)) === undefined,
            )
          : [];
        await ask(viewerId, [...missing, ...statesToo], asked);
        return new Map(missing.flatMap((id) => pick(asked.get(id)?.counts, id)));
      });
      const states = new Map<string, number | undefined>();
      const engaged = postIds.filter((id) => engagedWith(counts.get(id)));
      if (viewerId && engaged.length > 0) {
        const keys = engaged.map((id) => stateKey(viewerId, id));
        const heldStates = await held.viewerStates.getMany(keys, async (missing) => {
          const postOf = (key: string) => key.slice(viewerId.length + 1);
          // Asked with the counters above unless the counters were all held (or changed meanwhile).
          const unasked = missing.map(postOf).filter((id) => !asked.has(id));
          if (unasked.length > 0) await ask(viewerId, unasked, asked);
          return new Map(
            missing.flatMap((key) => {
              const e = asked.get(postOf(key));
              return e ? [[key, bitsOf(e)] as const] : [];
            }),
          );
        });
        for (const id of engaged) states.set(id, heldStates.get(stateKey(viewerId, id)));
      }
      for (const id of postIds) {
        const c = counts.get(id);
        if (!c) continue;
        const bits = states.get(id) ?? 0;
        out.set(
          id,
          create(PostEngagementSchema, {
            postId: id,
            counts: c,
            viewerState: {
              liked: (bits & LIKED) !== 0,
              reposted: (bits & REPOSTED) !== 0,
              bookmarked: (bits & BOOKMARKED) !== 0,
            },
          }),
        );
      }
      return out;
    },
    forgetCounts,
    async forgetViewerState(accountId, postId) {
      await held.viewerStates.invalidate(stateKey(accountId, postId));
    },
  };
}

/**
 * What nobody has done yet, the viewer has not done either: a post without likes, reposts and
 * bookmarks (every new post) needs no viewer state.
 */
function engagedWith(c: EngagementCounts | undefined): boolean {
  return c !== undefined && (c.likes > 0n || c.reposts > 0n || c.bookmarks > 0n);
}

function pick(counts: EngagementCounts | undefined, id: string): [string, EngagementCounts][] {
  return counts ? [[id, counts]] : [];
}

function bitsOf(e: PostEngagement): number {
  const s = e.viewerState;
  return (s?.liked ? LIKED : 0) | (s?.reposted ? REPOSTED : 0) | (s?.bookmarked ? BOOKMARKED : 0);
}
