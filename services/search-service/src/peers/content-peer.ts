import type { Client } from "@connectrpc/connect";
import type { Comment, ContentService, Post } from "@nova/proto/content/v1";
import { toDomainError } from "@nova/rpc";

/** One page of an owner's bulk listing (id order); `nextCursor` empty on the last page. */
export interface OwnerPage<T> {
  items: T[];
  nextCursor: string;
}

/** content-service as search's reindex uses it: every published post and comment, hidden ones flagged. */
export interface ContentPeer {
  listPosts(cursor: string, pageSize: number): Promise<OwnerPage<{ post: Post; hidden: boolean }>>;
  listComments(cursor: string, pageSize: number): Promise<OwnerPage<{ comment: Comment; hidden: boolean }>>;
}

export function createContentPeer(client: Client<typeof ContentService>): ContentPeer {
  return {
    async listPosts(cursor, pageSize) {
      try {
        const res = await client.listPostsForReindex({ cursor, pageSize });
        const items = res.posts.flatMap((p) => (p.post ? [{ post: p.post, hidden: p.hidden }] : []));
        return { items, nextCursor: res.nextCursor };
      } catch (err) {
        throw toDomainError(err, "content-service");
      }
    },
    async listComments(cursor, pageSize) {
      try {
        const res = await client.listCommentsForReindex({ cursor, pageSize });
        const items = res.comments.flatMap((c) =>
          c.comment ? [{ comment: c.comment, hidden: c.hidden }] : [],
        );
        return { items, nextCursor: res.nextCursor };
      } catch (err) {
        throw toDomainError(err, "content-service");
      }
    },
  };
}
