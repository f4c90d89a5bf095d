import { NotFoundError } from "@nova/errors";
import { eq } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { findMedia } from "../db/media-queries.ts";
import { type MediaRow, media } from "../db/schema/index.ts";
import { parseAlt, parseFocus, parseMediaId } from "./media-input.ts";
import { type MediaView, toMediaView } from "./media-view.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/** PATCH alt text and focal point; owner only (anyone else: 404, existence is not revealed). */
export async function updateMedia(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { id: string; alt?: string | undefined; focus?: string | undefined };
}): Promise<MediaView> {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const id = parseMediaId(args.input.id);
  const alt = parseAlt(args.input.alt);
  const focus = parseFocus(args.input.focus);
  const row = await findMedia(ctx.db.db, id);
  if (!row || row.ownerId !== accountId) throw new NotFoundError("media", id);
  const patch: Partial<MediaRow> = { updatedAt: ctx.clock() };
  if (alt !== undefined) patch.alt = alt;
  if (focus) Object.assign(patch, { focusX: focus.x, focusY: focus.y });
  const [updated] = await ctx.db.db.update(media).set(patch).where(eq(media.id, id)).returning();
  return toMediaView(ctx, updated as MediaRow);
}
