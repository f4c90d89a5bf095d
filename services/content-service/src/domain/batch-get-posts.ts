import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { findLivePosts } from "../db/post-queries.ts";
import type { PostRow } from "../db/schema/index.ts";
import { validateInput } from "./validate-input.ts";
import type { Viewer } from "./viewer.ts";
import { filterVisible } from "./visibility.ts";

/** Largest batch one call may ask for; callers with more split their lists. */
export const MAX_BATCH = 100;

const inputSchema = z.object({
  ids: z.array(z.uuid("must be a post id (UUID)")).max(MAX_BATCH, `at most ${MAX_BATCH} ids`),
});

/** Published posts by id, in request order, those the viewer may not see (or unknown) left out. */
export async function batchGetPosts(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { ids: readonly string[] };
}): Promise<PostRow[]> {
  const { ids } = validateInput(inputSchema, args.input, "batch");
  const unique = [...new Set(ids)];
  const rows = await findLivePosts(args.ctx.db.db, unique);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ordered = unique.map((id) => byId.get(id)).filter((r): r is PostRow => !!r);
  return filterVisible(args.ctx, args.viewer, ordered);
}
