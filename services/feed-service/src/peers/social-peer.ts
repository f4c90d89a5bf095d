import type { Client } from "@connectrpc/connect";
import type { PostEngagement, SocialService } from "@nova/proto/social/v1";
import { toDomainError } from "@nova/rpc";
import { viewerCallOptions } from "./call-options.ts";

/** social-service as feed-service uses it: counters and viewer state of a page of posts. */
export interface SocialPeer {
  /** Engagement of up to 100 posts, keyed by post id. */
  engagement(viewerId: string | undefined, postIds: readonly string[]): Promise<Map<string, PostEngagement>>;
}

export function createSocialPeer(client: Client<typeof SocialService>): SocialPeer {
  return {
    async engagement(viewerId, postIds) {
      if (postIds.length === 0) return new Map();
      try {
        const res = await client.batchGetEngagement(
          { viewerId: viewerId ?? "", postIds: [...postIds] },
          viewerCallOptions(),
        );
        return new Map(res.engagements.map((e) => [e.postId, e]));
      } catch (err) {
        throw toDomainError(err, "social-service");
      }
    },
  };
}
