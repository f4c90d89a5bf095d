import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { listLivePostsByAuthors } from "../db/post-queries.ts";
import type { PostRow } from "../db/schema/index.ts";
import { decodeCursor, encodeCursor, pageSize } from "./cursor.ts";
import { validateInput } from "./validate-input.ts";
import type { Viewer } from "./viewer.ts";
import { filterVisible } from "./visibility.ts";

/** Most authors one call may name. */
export const MAX_AUTHORS = 100;

const inputSchema = z.object({
  authorIds: z.array(z.uuid("must be a user id (UUID)")).min(1, "at least one author").max(MAX_AUTHORS),
  includeReplies: z.boolean().default(true),
  limit: z.number().int().optional(),
  cursor: z.string().max(200).optional(),
});

export interface PostPage {
  posts: PostRow[];
  /** Null when there are no more posts. */
  nextCursor: string | null;
}

/**
 * Published posts of some authors, newest first, as the viewer may see them. The page is read,
 * then filtered: it can hold fewer than `limit` posts while a next cursor is still given.
 */
export async function listPostsByAuthors(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: z.input<typeof inputSchema>;
}): Promise<PostPage> {
  const input = validateInput(inputSchema, args.input, "post list");
  const limit = pageSize(input.limit);
  const before = decodeCursor(input.cursor);
  const rows = await listLivePostsByAuthors(args.ctx.db.db, {
    authorIds: [...new Set(input.authorIds)],
    includeReplies: input.includeReplies,
    limit,
    ...(before ? { before } : {}),
  });
  return pageOf(args.ctx, args.viewer, rows, limit);
}

/**
 * Filters a newest-first page and computes its cursor from the last row read (visible or not);
 * `hideMuted` for lists the viewer browses across authors (filterVisible).
 */
export async function pageOf(
  ctx: ServiceContext,
  viewer: Viewer,
  rows: PostRow[],
  limit: number,
  opts: { hideMuted?: boolean } = {},
): Promise<PostPage> {
  const last = rows.at(-1);
  const nextCursor =
    rows.length === limit && last?.publishedAt ? encodeCursor({ at: last.publishedAt, id: last.id }) : null;
  return { posts: await filterVisible(ctx, viewer, rows, opts), nextCursor };
}
