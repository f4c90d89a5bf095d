import type { ServiceContext } from "../context.ts";
import { listPostEdits } from "../db/post-queries.ts";
import { getPost } from "./get-post.ts";
import type { Viewer } from "./viewer.ts";

/** One earlier version of an edited post. */
export interface PostVersion {
  text: string;
  mediaIds: string[];
  contentWarning: string | null;
  /** When this version was replaced by the next. */
  replacedAt: string;
}

/** Earlier versions of a post, oldest first; visible to whoever may see the post. */
export async function getPostHistory(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { id: string };
}): Promise<PostVersion[]> {
  const post = await getPost(args);
  const edits = await listPostEdits(args.ctx.db.db, post.id);
  return edits.map((e) => ({
    text: e.text,
    mediaIds: e.mediaIds,
    contentWarning: e.contentWarning,
    replacedAt: e.replacedAt.toISOString(),
  }));
}
