import { PermissionDeniedError } from "@nova/errors";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { listBookmarksOf } from "../db/bookmark-queries.ts";
import { decodeCursor, encodeCursor } from "./page-cursor.ts";
import { idSchema, limitSchema, validateInput } from "./validate-input.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/** One bookmarked post in the owner's list. */
export interface BookmarkItem {
  postId: string;
  bookmarkedAt: string;
}

export interface BookmarkPage {
  items: BookmarkItem[];
  /** Null on the last page. */
  nextCursor: string | null;
}

const inputSchema = z.object({
  ownerId: idSchema("user"),
  cursor: z.string().max(200).optional(),
  limit: limitSchema,
});

/**
 * The owner's bookmarks, newest first, keyset-paged. Bookmarks are private: anyone but the owner
 * is refused (403), whichever door they come through. Posts the owner may no longer see (deleted,
 * hidden, now behind a block) are left out, as content-service decides (503 when it is down).
 */
export async function listBookmarks(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { ownerId: string; cursor?: string | undefined; limit?: number | string | undefined };
}): Promise<BookmarkPage> {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const input = validateInput(inputSchema, args.input, "bookmark list");
  if (input.ownerId !== accountId) throw new PermissionDeniedError("bookmarks are private to their owner");
  const after = input.cursor ? decodeCursor(input.cursor) : undefined;
  const rows = await listBookmarksOf(ctx.db.db, accountId, after, input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const visible = await ctx.content.visiblePostIds(page.map((r) => r.postId));
  return {
    items: page
      .filter((r) => visible.has(r.postId))
      .map((r) => ({ postId: r.postId, bookmarkedAt: r.createdAt.toISOString() })),
    nextCursor:
      rows.length > input.limit && last ? encodeCursor({ at: last.createdAt, id: last.postId }) : null,
  };
}
