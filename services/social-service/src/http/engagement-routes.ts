import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { batchGetEngagement } from "../domain/batch-get-engagement.ts";
import { engagementSchema, ok, postParams, problems } from "./schemas.ts";
import type { SocialEnv } from "./social-env.ts";

export const postEngagementRoute = createRoute({
  method: "get",
  path: "/api/v1/posts/{id}/engagement",
  tags: ["engagement"],
  summary:
    "A post's counts and your state (liked, reposted, bookmarked); a post you may not see answers zeros, like an unknown one",
  request: { params: postParams },
  responses: { ...ok("The post's engagement", engagementSchema), ...problems(400, 503) },
});

/** The REST door of `Post.counts` / `Post.viewerState` (GraphQL) and BatchGetEngagement (RPC). */
export function mountEngagementRoutes(app: OpenAPIHono<SocialEnv>, ctx: ServiceContext): void {
  app.openapi(postEngagementRoute, async (c) => {
    const [view] = await batchGetEngagement({
      ctx,
      viewer: c.get("auth"),
      input: { postIds: [c.req.valid("param").id] },
    });
    return c.json(view as NonNullable<typeof view>, 200);
  });
}
