import { NotFoundError } from "@nova/errors";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { findPost } from "../db/post-queries.ts";
import type { PostRow } from "../db/schema/index.ts";
import { type PostView, toPostView } from "./post-view.ts";
import { validateInput } from "./validate-input.ts";
import type { Viewer } from "./viewer.ts";
import { filterVisible } from "./visibility.ts";

const inputSchema = z.object({ id: z.uuid("must be a post id (UUID)") });

type Args = { ctx: ServiceContext; viewer: Viewer; input: { id: string } };

/** One post as stored, when the viewer may see it; 404 when it does not exist or they may not. */
export async function getPostRow(args: Args): Promise<PostRow> {
  const { id } = validateInput(inputSchema, args.input, "post id");
  const row = await findPost(args.ctx.db.db, id);
  const [visible] = row ? await filterVisible(args.ctx, args.viewer, [row]) : [];
  if (!visible) throw new NotFoundError("post", id);
  return visible;
}

/** One post as the viewer may see it (the author also sees their drafts and scheduled posts). */
export async function getPost(args: Args): Promise<PostView> {
  return toPostView(await getPostRow(args));
}
