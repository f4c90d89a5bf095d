import type { ServiceContext } from "../context.ts";
import { listOwnPosts } from "../db/post-queries.ts";
import { type PostView, toPostView } from "./post-view.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/** The signed-in author's drafts and scheduled posts (nobody else can list them), newest first. */
export async function listMyDrafts(args: { ctx: ServiceContext; viewer: Viewer }): Promise<PostView[]> {
  const authorId = requireViewer(args.viewer);
  const rows = await listOwnPosts(args.ctx.db.db, authorId, ["draft", "scheduled"]);
  return rows.map(toPostView);
}
