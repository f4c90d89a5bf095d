import { NotFoundError, PermissionDeniedError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { findPost } from "../db/post-queries.ts";
import type { PostRow } from "../db/schema/index.ts";
import type { Viewer } from "./viewer.ts";
import { filterVisible } from "./visibility.ts";

/**
 * The viewer's own post. Someone else's post is 403 when they can see it and 404 when they cannot,
 * so the answer never reveals a post the viewer is not allowed to know about.
 */
export async function requireOwnPost(ctx: ServiceContext, viewer: Viewer & {}, id: string): Promise<PostRow> {
  const row = await findPost(ctx.db.db, id);
  if (!row) throw new NotFoundError("post", id);
  if (row.authorId === viewer.accountId) return row;
  const [visible] = await filterVisible(ctx, viewer, [row]);
  if (!visible) throw new NotFoundError("post", id);
  throw new PermissionDeniedError("only the author may change or delete a post");
}
