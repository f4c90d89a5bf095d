import { NotFoundError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { findMedia } from "../db/media-queries.ts";
import { parseMediaId } from "./media-input.ts";
import { type MediaView, toMediaView } from "./media-view.ts";

/**
 * A media object by id. Anyone may read it (it is shown in public posts and profiles; its URLs are
 * signed and expire), except a failed or processing one, which only its owner sees.
 */
export async function getMedia(args: {
  ctx: ServiceContext;
  viewer: { accountId: string } | undefined;
  input: { id: string };
}): Promise<MediaView> {
  const id = parseMediaId(args.input.id);
  const row = await findMedia(args.ctx.db.db, id);
  if (!row || (row.status !== "ready" && row.ownerId !== args.viewer?.accountId)) {
    throw new NotFoundError("media", id);
  }
  return toMediaView(args.ctx, row);
}
