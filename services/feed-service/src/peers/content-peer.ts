import type { Client } from "@connectrpc/connect";
import type { ContentService, Post } from "@nova/proto/content/v1";
import { getCallContext, runWithCallContext, toDomainError } from "@nova/rpc";
import { viewerCallOptions } from "./call-options.ts";

/** A page of an author's posts as content-service serves it. */
export interface PostPage {
  posts: Post[];
  nextCursor: string;
}

/** content-service as feed-service uses it; every read carries the viewer's token (if any). */
export interface ContentPeer {
  /** The posts among `postIds` (≤100) the viewer may see now, in request order. */
  visiblePosts(postIds: readonly string[]): Promise<Post[]>;
  /** The posts among `postIds` (≤100) an anonymous viewer may see (no token sent), in request order. */
  publicPosts(postIds: readonly string[]): Promise<Post[]>;
  /** Top-level posts and quotes of up to 100 authors that the viewer may see, newest first. */
  postsByAuthors(authorIds: readonly string[], pageSize: number, cursor?: string): Promise<PostPage>;
}

export function createContentPeer(client: Client<typeof ContentService>): ContentPeer {
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw toDomainError(err, "content-service");
    }
  };
  return {
    async visiblePosts(postIds) {
      if (postIds.length === 0) return [];
      const res = await call(() => client.batchGetPosts({ postIds: [...postIds] }, viewerCallOptions()));
      return res.posts;
    },
    async publicPosts(postIds) {
      if (postIds.length === 0) return [];
      // The transport forwards the caller's token from the call context by default: run in a copy
      // without it (request id, trace and deadline kept), so content decides for a logged-out viewer.
      const { authorization: _dropped, ...anonymous } = getCallContext() ?? {};
      const res = await call(() =>
        runWithCallContext(anonymous, () => client.batchGetPosts({ postIds: [...postIds] })),
      );
      return res.posts;
    },
    async postsByAuthors(authorIds, pageSize, cursor = "") {
      if (authorIds.length === 0) return { posts: [], nextCursor: "" };
      const res = await call(() =>
        client.listPostsByAuthors(
          { authorIds: [...authorIds], includeReplies: false, pageSize, cursor },
          viewerCallOptions(),
        ),
      );
      return { posts: res.posts, nextCursor: res.nextCursor };
    },
  };
}
