import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { listLikesOf } from "../db/like-queries.ts";
import { decodeCursor, encodeCursor } from "./page-cursor.ts";
import { limitSchema, validateInput } from "./validate-input.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/** One post the viewer liked. */
export interface LikedPostItem {
  postId: string;
  likedAt: string;
}

export interface LikedPostPage {
  items: LikedPostItem[];
  nextCursor: string | null;
}

const inputSchema = z.object({ cursor: z.string().max(200).optional(), limit: limitSchema });

/** Posts the viewer liked, newest like first; posts the viewer may no longer see are left out. */
export async function listMyLikes(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { cursor?: string | undefined; limit?: number | string | undefined };
}): Promise<LikedPostPage> {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const input = validateInput(inputSchema, args.input, "like list");
  const after = input.cursor ? decodeCursor(input.cursor) : undefined;
  const rows = await listLikesOf(ctx.db.db, accountId, "post", after, input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const visible = await ctx.content.visiblePostIds(page.map((r) => r.subjectId));
  return {
    items: page
      .filter((r) => visible.has(r.subjectId))
      .map((r) => ({ postId: r.subjectId, likedAt: r.createdAt.toISOString() })),
    nextCursor:
      rows.length > input.limit && last ? encodeCursor({ at: last.createdAt, id: last.subjectId }) : null,
  };
}
