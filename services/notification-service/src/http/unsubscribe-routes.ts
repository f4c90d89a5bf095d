import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { unsubscribeDigest } from "../domain/unsubscribe-digest.ts";
import type { NotificationEnv } from "./notification-env.ts";
import { ok, problems } from "./schemas.ts";

const tags = ["notifications"];
const query = z.object({ token: z.string().min(1).max(200) });

export const unsubscribeRoute = createRoute({
  method: "post",
  path: "/api/v1/notifications/unsubscribe",
  tags,
  summary: "RFC 8058 one-click unsubscribe from email digests (the signed link of a digest; no token needed)",
  request: { query },
  responses: {
    ...ok("Digests are off", z.object({ emailDigest: z.literal("off") }).openapi("Unsubscribed")),
    ...problems(400),
  },
});

export const unsubscribePageRoute = createRoute({
  method: "get",
  path: "/api/v1/notifications/unsubscribe",
  tags,
  summary: "A page with one button that unsubscribes (a GET never does: mail scanners follow links)",
  request: { query },
  responses: { 200: { description: "An HTML form", content: { "text/html": { schema: z.string() } } } },
});

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function mountUnsubscribeRoutes(app: OpenAPIHono<NotificationEnv>, ctx: ServiceContext): void {
  app.openapi(unsubscribeRoute, async (c) =>
    c.json(await unsubscribeDigest({ ctx, input: { token: c.req.valid("query").token } }), 200),
  );
  app.openapi(unsubscribePageRoute, (c) => {
    const token = escapeHtml(c.req.valid("query").token);
    return c.html(
      `<!doctype html><meta charset="utf-8"><title>Nova digests</title><form method="post" action="?token=${token}"><p>Stop Nova's email digests?</p><button type="submit">Unsubscribe</button></form>`,
      200,
    );
  });
}
