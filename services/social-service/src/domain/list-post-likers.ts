import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { listLikers } from "../db/like-queries.ts";
import { decodeCursor, encodeCursor } from "./page-cursor.ts";
import { idSchema, limitSchema, validateInput } from "./validate-input.ts";
import type { Viewer } from "./viewer.ts";

/** One account that liked the post. */
export interface LikerItem {
  accountId: string;
  likedAt: string;
}

export interface LikerPage {
  items: LikerItem[];
  nextCursor: string | null;
}

const inputSchema = z.object({
  postId: idSchema("post"),
  cursor: z.string().max(200).optional(),
  limit: limitSchema,
});

/**
 * Who liked a post, newest first. The post must be visible to the viewer (404 otherwise), and
 * likers in a blocked pair with the viewer are left out, so a block hides each from the other here
 * too, and so are accounts the viewer mutes (a page may then hold fewer than `limit` items while
 * `nextCursor` is set).
 */
export async function listPostLikers(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { postId: string; cursor?: string | undefined; limit?: number | string | undefined };
}): Promise<LikerPage> {
  const { ctx, viewer } = args;
  const input = validateInput(inputSchema, args.input, "liker list");
  const after = input.cursor ? decodeCursor(input.cursor) : undefined;
  await ctx.content.getVisiblePost(input.postId);
  const rows = await listLikers(ctx.db.db, "post", input.postId, after, input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const hidden = viewer
    ? await ctx.graph.blockedOrMutedAmong(
        viewer.accountId,
        page.map((r) => r.accountId),
      )
    : new Set<string>();
  return {
    items: page
      .filter((r) => !hidden.has(r.accountId))
      .map((r) => ({ accountId: r.accountId, likedAt: r.createdAt.toISOString() })),
    nextCursor:
      rows.length > input.limit && last ? encodeCursor({ at: last.createdAt, id: last.accountId }) : null,
  };
}
