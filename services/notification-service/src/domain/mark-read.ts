import { NotFoundError } from "@nova/errors";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { advanceReadMarker, latestOfGroup, latestOfInbox } from "../db/notification-queries.ts";
import { forgetUnreadCount, unreadCountOf } from "./unread-count.ts";
import { validateInput } from "./validate-input.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

const inputSchema = z
  .object({
    /** A group key (its latest activity) or an ISO-8601 time; absent: everything so far. */
    upTo: z.string().min(1).max(200).optional(),
  })
  .strict();

/**
 * Moves the viewer's read marker (like Mastodon's markers) to `upTo` — a group key (up to that
 * item's latest activity) or a time — or to the newest notification. It only moves forward.
 * Returns the marker and the unread count after it.
 */
export async function markRead(args: { ctx: ServiceContext; viewer: Viewer; input: unknown }) {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const { upTo } = validateInput(inputSchema, args.input ?? {}, "read marker");
  let at: Date | null;
  if (upTo === undefined) at = await latestOfInbox(ctx.db.db, accountId);
  else if (/^\d{4}-\d{2}-\d{2}T/.test(upTo) && !Number.isNaN(Date.parse(upTo))) at = new Date(upTo);
  else {
    at = await latestOfGroup(ctx.db.db, accountId, upTo);
    if (!at) throw new NotFoundError("notification", upTo);
  }
  const marker = at ? await advanceReadMarker(ctx.db.db, accountId, at) : null;
  await forgetUnreadCount(ctx, accountId);
  return { readUpTo: marker?.toISOString() ?? null, unreadCount: await unreadCountOf(ctx, accountId) };
}

export async function unreadCount(args: { ctx: ServiceContext; viewer: Viewer }) {
  return { count: await unreadCountOf(args.ctx, requireViewer(args.viewer)) };
}
