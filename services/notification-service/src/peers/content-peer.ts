import { type Client, Code, ConnectError } from "@connectrpc/connect";
import type { ContentService } from "@nova/proto/content/v1";
import { toDomainError } from "@nova/rpc";

/** What an anonymous read of a post tells. */
export interface PublicPost {
  id: string;
  authorId: string;
}

/** content-service as notification-service uses it: anonymous reads (no end-user token goes along). */
export interface ContentPeer {
  /** The post when anyone, even logged out, may see it now (public post of a public account, live); else null. */
  publicPost(postId: string): Promise<PublicPost | null>;
  isPublic(postId: string): Promise<boolean>;
}

export function createContentPeer(client: Client<typeof ContentService>): ContentPeer {
  const publicPost = async (postId: string): Promise<PublicPost | null> => {
    try {
      const post = (await client.getPost({ postId })).post;
      return post ? { id: post.id, authorId: post.authorId } : null;
    } catch (err) {
      if (err instanceof ConnectError && err.code === Code.NotFound) return null;
      throw toDomainError(err, "content-service");
    }
  };
  return { publicPost, isPublic: async (postId) => (await publicPost(postId)) !== null };
}
