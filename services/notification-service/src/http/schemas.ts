import { z } from "@hono/zod-openapi";
import { NOTIFICATION_TYPES } from "../db/schema/index.ts";

const problem = z
  .object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), code: z.string() })
  .openapi("Problem");

/** The problem+json responses a route may answer with. */
export function problems(...statuses: number[]) {
  const described: Record<number, string> = {
    400: "Invalid request (names each bad field)",
    401: "Missing or invalid access token",
    403: "Not yours",
    404: "No such item",
    429: "Too many open streams",
    503: "A peer or the cache is unreachable: nothing was changed",
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: described[s] ?? "Error", content: { "application/problem+json": { schema: problem } } },
    ]),
  );
}

export const ok = <T extends z.ZodType>(description: string, schema: T) => ({
  200: { description, content: { "application/json": { schema } } },
});

export const created = <T extends z.ZodType>(description: string, schema: T) => ({
  201: { description, content: { "application/json": { schema } } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});

const actor = z
  .object({
    id: z.string(),
    username: z.string().nullable(),
    displayName: z.string().nullable(),
    avatarUrl: z.string().nullable(),
  })
  .openapi("NotificationActor");

export const itemSchema = z
  .object({
    groupKey: z.string(),
    type: z.enum(NOTIFICATION_TYPES),
    actors: z.array(actor).openapi({ description: "The latest few (≤3), newest first" }),
    actorCount: z.number().int(),
    postId: z.string().nullable(),
    commentId: z.string().nullable(),
    relatedPostId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
    latestAt: z.string(),
    latestId: z.string(),
    read: z.boolean(),
  })
  .openapi("NotificationItem");

export const pageSchema = z
  .object({ items: z.array(itemSchema), nextCursor: z.string().nullable() })
  .openapi("NotificationPage");

export const listQuery = z.object({
  limit: z.string().max(4).optional().openapi({ description: "1..100, default 20" }),
  cursor: z.string().max(300).optional(),
  types: z
    .string()
    .max(300)
    .optional()
    .openapi({ description: `Comma-separated: ${NOTIFICATION_TYPES.join(", ")}` }),
  grouped: z.string().max(5).optional().openapi({ description: "true (default) or false" }),
});

export const countSchema = z.object({ count: z.number().int() }).openapi("UnreadCount");
export const markReadBody = z
  .object({
    upTo: z
      .string()
      .max(200)
      .optional()
      .openapi({ description: "A groupKey or an ISO-8601 time; absent: all" }),
  })
  .openapi("MarkReadRequest");
export const markReadSchema = z
  .object({ readUpTo: z.string().nullable(), unreadCount: z.number().int() })
  .openapi("ReadMarker");

const channels = z.object({ inApp: z.boolean(), push: z.boolean(), email: z.boolean() });
const quietHours = z.object({ start: z.string(), end: z.string(), timeZone: z.string() }).nullable();
export const preferencesSchema = z
  .object({
    types: z.record(z.string(), channels),
    onlyFromFollowing: z.boolean(),
    quietHours,
    emailDigest: z.enum(["off", "daily", "weekly"]),
    pushPreviews: z.boolean(),
  })
  .openapi("NotificationPreferences");
export const preferencesPatch = z
  .object({
    types: z.record(z.string(), channels.partial()).optional(),
    onlyFromFollowing: z.boolean().optional(),
    quietHours: quietHours.optional(),
    emailDigest: z.enum(["off", "daily", "weekly"]).optional(),
    pushPreviews: z.boolean().optional(),
  })
  .openapi("NotificationPreferencesPatch");

export const deviceBody = z
  .object({
    platform: z.enum(["apns", "fcm"]),
    token: z.string().max(4096),
    appId: z.string().max(155).optional(),
  })
  .openapi("PushDeviceRequest");
export const deviceSchema = z
  .object({ id: z.string(), platform: z.string(), appId: z.string().nullable(), createdAt: z.string() })
  .openapi("PushDevice");
export const subscriptionBody = z
  .object({
    endpoint: z.string().max(2048),
    keys: z.object({ p256dh: z.string().max(100), auth: z.string().max(30) }),
  })
  .openapi("WebPushSubscriptionRequest");
export const subscriptionSchema = z
  .object({ id: z.string(), createdAt: z.string(), vapidPublicKey: z.string() })
  .openapi("WebPushSubscription");
export const idParams = z.object({ id: z.string().max(64) });
export const removedSchema = z.object({ removed: z.boolean() }).openapi("Removed");
