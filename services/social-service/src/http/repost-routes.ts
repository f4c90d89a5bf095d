import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { formatTraceparent } from "@nova/observability";
import type { ServiceContext } from "../context.ts";
import { repostPost } from "../domain/repost-post.ts";
import { unrepostPost } from "../domain/unrepost-post.ts";
import { ok, postParams, problems, repostSchema } from "./schemas.ts";
import type { SocialEnv } from "./social-env.ts";

const bearer = [{ bearerAuth: [] }];

export const repostRoute = createRoute({
  method: "post",
  path: "/api/v1/posts/{id}/repost",
  tags: ["reposts"],
  summary: "Repost a post (201 when created, 200 with the existing repost otherwise)",
  security: bearer,
  request: { params: postParams },
  responses: {
    201: { description: "Reposted", content: { "application/json": { schema: repostSchema } } },
    ...ok("Already reposted", repostSchema),
    ...problems(400, 401, 404, 503),
  },
});

export const unrepostRoute = createRoute({
  method: "delete",
  path: "/api/v1/posts/{id}/repost",
  tags: ["reposts"],
  summary: "Undo your repost (idempotent)",
  security: bearer,
  request: { params: postParams },
  responses: { ...ok("No repost any more", repostSchema), ...problems(400, 401) },
});

export function mountRepostRoutes(app: OpenAPIHono<SocialEnv>, ctx: ServiceContext): void {
  app.openapi(repostRoute, async (c) => {
    const view = await repostPost({
      ctx,
      viewer: c.get("auth"),
      input: { postId: c.req.valid("param").id },
      traceparent: formatTraceparent(c.get("trace")),
    });
    return view.created ? c.json(view, 201) : c.json(view, 200);
  });
  app.openapi(unrepostRoute, async (c) =>
    c.json(
      await unrepostPost({
        ctx,
        viewer: c.get("auth"),
        input: { postId: c.req.valid("param").id },
        traceparent: formatTraceparent(c.get("trace")),
      }),
      200,
    ),
  );
}
