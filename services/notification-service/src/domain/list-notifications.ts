import { InvalidArgumentError } from "@nova/errors";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { type GroupRow, listGroups, readMarkerOf } from "../db/notification-queries.ts";
import { NOTIFICATION_TYPES, type NotificationType } from "../db/schema/index.ts";
import { validateInput } from "./validate-input.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

export interface ActorItem {
  id: string;
  username: string | null;
  displayName: string | null;
  avatarUrl: string | null;
}

export interface NotificationItem {
  groupKey: string;
  type: NotificationType;
  actors: ActorItem[];
  actorCount: number;
  postId: string | null;
  commentId: string | null;
  relatedPostId: string | null;
  /** Moderation and appeal details (never post text); null otherwise. */
  details: Record<string, unknown> | null;
  latestAt: string;
  /** The newest row of the item (UUIDv7): the SSE event id. */
  latestId: string;
  read: boolean;
}

export interface NotificationPage {
  items: NotificationItem[];
  nextCursor: string | null;
}

const ACTORS_SHOWN = 3;

const inputSchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(300).optional(),
  types: z
    .string()
    .max(300)
    .optional()
    .transform((s, c) => {
      if (!s) return undefined;
      const list = s
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean);
      for (const t of list) {
        if (!(NOTIFICATION_TYPES as readonly string[]).includes(t)) {
          c.addIssue({ code: "custom", message: `unknown type ${t}` });
          return z.NEVER;
        }
      }
      return list as NotificationType[];
    }),
  grouped: z
    .union([z.boolean(), z.enum(["true", "false"])])
    .optional()
    .transform((v) => v === undefined || v === true || v === "true"),
});

const encodeCursor = (g: GroupRow) =>
  Buffer.from(JSON.stringify({ at: g.latestAt.getTime(), k: g.groupKey })).toString("base64url");

function decodeCursor(cursor: string): { at: Date; key: string } {
  try {
    const parsed = z
      .object({ at: z.number().int(), k: z.string().max(200) })
      .parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { at: new Date(parsed.at), key: parsed.k };
  } catch {
    throw new InvalidArgumentError("cursor is invalid", [
      { field: "cursor", message: "not a cursor of this list" },
    ]);
  }
}

/** Turns group rows into items: actors hydrated from user-service in one batch, read state from the marker. */
export async function toItems(
  ctx: ServiceContext,
  accountId: string,
  groups: GroupRow[],
): Promise<NotificationItem[]> {
  const marker = await readMarkerOf(ctx.db.db, accountId);
  const profiles = await ctx.users.profiles(groups.flatMap((g) => g.actorIds));
  return groups.map((g) => ({
    groupKey: g.groupKey,
    type: g.type,
    actors: g.actorIds.map((id) => {
      const p = profiles.get(id);
      return {
        id,
        username: p?.username ?? null,
        displayName: p?.displayName ?? null,
        avatarUrl: p?.avatarMediaId ? `/api/v1/media/${p.avatarMediaId}` : null,
      };
    }),
    actorCount: g.actorCount,
    postId: g.postId,
    commentId: g.commentId,
    relatedPostId: g.relatedPostId,
    details: g.data,
    latestAt: g.latestAt.toISOString(),
    latestId: g.latestId,
    read: marker !== null && g.latestAt.getTime() <= marker.getTime(),
  }));
}

/**
 * The viewer's inbox, newest activity first: grouped (default) one item per group ("alice and 12
 * others liked your post"; follows per day; mentions, comments and quotes never group) or one item
 * per notification. The cursor is a position (latestAt, key): new arrivals never shift later pages.
 */
export async function listNotifications(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { limit?: unknown; cursor?: unknown; types?: unknown; grouped?: unknown };
}): Promise<NotificationPage> {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const input = validateInput(inputSchema, args.input, "notification list");
  const groups = await listGroups(ctx.db.db, {
    recipientId: accountId,
    types: input.types,
    before: input.cursor ? decodeCursor(input.cursor) : undefined,
    limit: input.limit + 1,
    actorsShown: ACTORS_SHOWN,
    grouped: input.grouped,
  });
  const page = groups.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: await toItems(ctx, accountId, page),
    nextCursor: groups.length > input.limit && last ? encodeCursor(last) : null,
  };
}
