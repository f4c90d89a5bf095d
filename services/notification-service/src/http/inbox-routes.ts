import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { eventStreamResponse } from "@nova/server";
import type { ServiceContext } from "../context.ts";
import { listNotifications } from "../domain/list-notifications.ts";
import { markRead, unreadCount } from "../domain/mark-read.ts";
import { getPreferences, updatePreferences } from "../domain/preferences.ts";
import { watchNotifications } from "../domain/watch-notifications.ts";
import type { NotificationEnv } from "./notification-env.ts";
import {
  countSchema,
  jsonBody,
  listQuery,
  markReadBody,
  markReadSchema,
  ok,
  pageSchema,
  preferencesPatch,
  preferencesSchema,
  problems,
} from "./schemas.ts";

const bearer = [{ bearerAuth: [] }];
const tags = ["notifications"];

export const listRoute = createRoute({
  method: "get",
  path: "/api/v1/notifications",
  tags,
  summary:
    "Your notifications, newest activity first (grouped by default: 'alice and 12 others liked your post')",
  security: bearer,
  request: { query: listQuery },
  responses: { ...ok("A page of items", pageSchema), ...problems(400, 401) },
});

export const unreadRoute = createRoute({
  method: "get",
  path: "/api/v1/notifications/unread-count",
  tags,
  summary: "How many items have activity after your read marker",
  security: bearer,
  responses: { ...ok("The count", countSchema), ...problems(401) },
});

export const markReadRoute = createRoute({
  method: "post",
  path: "/api/v1/notifications/read",
  tags,
  summary:
    "Move your read marker to an item (groupKey), a time, or everything (no upTo); it only moves forward",
  security: bearer,
  request: jsonBody(markReadBody),
  responses: {
    ...ok("The marker and the unread count after it", markReadSchema),
    ...problems(400, 401, 404),
  },
});

export const getPreferencesRoute = createRoute({
  method: "get",
  path: "/api/v1/notifications/preferences",
  tags,
  summary:
    "Your preferences: per type × channel (inApp, push, email), only-from-following, quiet hours, digest",
  security: bearer,
  responses: { ...ok("Preferences", preferencesSchema), ...problems(401) },
});

export const patchPreferencesRoute = createRoute({
  method: "patch",
  path: "/api/v1/notifications/preferences",
  tags,
  summary: "Change some of your preferences (types merge per type and channel)",
  security: bearer,
  request: jsonBody(preferencesPatch),
  responses: { ...ok("Preferences after the change", preferencesSchema), ...problems(400, 401) },
});

export const streamRoute = createRoute({
  method: "get",
  path: "/api/v1/notifications/stream",
  tags,
  summary:
    "Server-sent events: `notification` (new or updated item, id = its newest notification) and `removed`",
  description:
    "Send `Last-Event-ID` to replay items changed since (up to 100). A comment line every 15 s keeps proxies open.",
  security: bearer,
  request: { headers: z.object({ "last-event-id": z.string().max(64).optional() }) },
  responses: {
    200: { description: "An open event stream", content: { "text/event-stream": { schema: z.string() } } },
    ...problems(401, 429, 503),
  },
});

export function mountInboxRoutes(app: OpenAPIHono<NotificationEnv>, ctx: ServiceContext): void {
  app.openapi(listRoute, async (c) =>
    c.json(await listNotifications({ ctx, viewer: c.get("auth"), input: c.req.valid("query") }), 200),
  );
  app.openapi(unreadRoute, async (c) => c.json(await unreadCount({ ctx, viewer: c.get("auth") }), 200));
  app.openapi(markReadRoute, async (c) =>
    c.json(await markRead({ ctx, viewer: c.get("auth"), input: c.req.valid("json") }), 200),
  );
  app.openapi(getPreferencesRoute, async (c) =>
    c.json(await getPreferences({ ctx, viewer: c.get("auth") }), 200),
  );
  app.openapi(patchPreferencesRoute, async (c) =>
    c.json(await updatePreferences({ ctx, viewer: c.get("auth"), input: c.req.valid("json") }), 200),
  );
  app.openapi(streamRoute, async (c) => {
    const events = await watchNotifications({
      ctx,
      viewer: c.get("auth"),
      lastEventId: c.req.header("last-event-id"),
      signal: c.req.raw.signal,
    });
    return eventStreamResponse(events, (e) => e, { retryMs: 2000 }) as never;
  });
}
