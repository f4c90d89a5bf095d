import type { Client } from "@connectrpc/connect";
import type { SocialService } from "@nova/proto/social/v1";
import { toDomainError } from "@nova/rpc";

export interface PostCounts {
  likes: number;
  comments: number;
  reposts: number;
}

/** social-service as search uses it: a post's engagement counts, refreshed when they change. */
export interface SocialPeer {
  counts(postIds: readonly string[]): Promise<Map<string, PostCounts>>;
}

export function createSocialPeer(client: Client<typeof SocialService>): SocialPeer {
  return {
    async counts(postIds) {
      if (postIds.length === 0) return new Map();
      try {
        const res = await client.batchGetEngagement({ postIds: [...postIds] });
        return new Map(
          res.engagements.map((e) => [
            e.postId,
            {
              likes: Number(e.counts?.likes ?? 0n),
              comments: Number(e.counts?.comments ?? 0n),
              reposts: Number(e.counts?.reposts ?? 0n) + Number(e.counts?.quotes ?? 0n),
            },
          ]),
        );
      } catch (err) {
        throw toDomainError(err, "social-service");
      }
    },
  };
}
