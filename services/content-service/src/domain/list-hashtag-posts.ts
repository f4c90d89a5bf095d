import { InvalidArgumentError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { listLivePostsByHashtag } from "../db/post-queries.ts";
import { decodeCursor, pageSize } from "./cursor.ts";
import { type PostPage, pageOf } from "./list-posts-by-authors.ts";
import { normalizeHashtag } from "./post-text.ts";
import type { Viewer } from "./viewer.ts";

/**
 * Published posts carrying a hashtag (case-insensitive, with or without '#'), newest first, as the
 * viewer may see them, without the posts of accounts the viewer mutes.
 */
export async function listHashtagPosts(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { tag: string; limit?: number | undefined; cursor?: string | undefined };
}): Promise<PostPage> {
  const tag = normalizeHashtag(args.input.tag);
  if (!tag)
    throw new InvalidArgumentError("hashtag is invalid", [
      { field: "tag", message: "must be a hashtag such as nova" },
    ]);
  const limit = pageSize(args.input.limit);
  const before = decodeCursor(args.input.cursor);
  const rows = await listLivePostsByHashtag(args.ctx.db.db, { tag, limit, ...(before ? { before } : {}) });
  return pageOf(args.ctx, args.viewer, rows, limit, { hideMuted: true });
}
