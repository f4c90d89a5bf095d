import type { Client } from "@connectrpc/connect";
import { NotFoundError } from "@nova/errors";
import type { ContentService, Post } from "@nova/proto/content/v1";
import { getCallContext, toDomainError } from "@nova/rpc";

/** What social-service needs to know of a post before engaging with it. */
export interface VisiblePost {
  id: string;
  authorId: string;
}

/** content-service as social-service uses it; reads are viewer-aware (the caller's token goes along). */
export interface ContentPeer {
  /** The post when it exists and the caller may see it; NotFoundError otherwise; UnavailableError when content is down. */
  getVisiblePost(postId: string): Promise<VisiblePost>;
  /** The subset of `postIds` (≤100) the caller may see now. */
  visiblePostIds(postIds: readonly string[]): Promise<Set<string>>;
}

// The end user's token travels with the call: content decides visibility for that viewer.
function callOptions() {
  const authorization = getCallContext()?.authorization;
  return authorization ? { headers: { authorization } } : {};
}

export function createContentPeer(client: Client<typeof ContentService>): ContentPeer {
  return {
    async getVisiblePost(postId) {
      let post: Post | undefined;
      try {
        post = (await client.getPost({ postId }, callOptions())).post;
      } catch (err) {
        throw toDomainError(err, "content-service");
      }
      if (!post) throw new NotFoundError("post");
      return { id: post.id, authorId: post.authorId };
    },
    async visiblePostIds(postIds) {
      if (postIds.length === 0) return new Set();
      try {
        const res = await client.batchGetPosts({ postIds: [...postIds] }, callOptions());
        return new Set(res.posts.map((p) => p.id));
      } catch (err) {
        throw toDomainError(err, "content-service");
      }
    },
  };
}
