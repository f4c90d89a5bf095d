import type { Client } from "@connectrpc/connect";
import type { ContentService } from "@nova/proto/content/v1";
import { toDomainError } from "@nova/rpc";

/** content's answer for one post and one viewer. */
export interface PostAccess {
  /** The viewer may see the post now (content's own rule, the one GetPost applies). */
  visible: boolean;
  /** The post's author; empty unless visible. */
  authorId: string;
}

const UNSEEN: PostAccess = { visible: false, authorId: "" };

/**
 * content-service as notification-service uses it: its internal BatchCheckPostAccess with this
 * service's credential, naming the account whose access is checked (a notification's recipient,
 * or the author of a reply whose target's author is to be told). content stays the one place
 * that decides visibility.
 */
export interface ContentPeer {
  /** Whether `viewerId` may see `postId` now; an unknown, deleted or hidden post is not visible. */
  access(viewerId: string, postId: string): Promise<PostAccess>;
}

export function createContentPeer(client: Client<typeof ContentService>): ContentPeer {
  return {
    async access(viewerId, postId) {
      try {
        const res = await client.batchCheckPostAccess({ viewerId, postIds: [postId] });
        const found = res.posts.find((p) => p.postId === postId);
        return found?.visible ? { visible: true, authorId: found.authorId } : UNSEEN;
      } catch (err) {
        throw toDomainError(err, "content-service");
      }
    },
  };
}
