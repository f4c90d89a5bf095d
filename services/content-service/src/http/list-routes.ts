import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { listHashtagPosts } from "../domain/list-hashtag-posts.ts";
import { listPostsByAuthors } from "../domain/list-posts-by-authors.ts";
import { withPostMedia } from "../domain/post-media.ts";
import { toPostView } from "../domain/post-view.ts";
import type { ContentEnv } from "./content-env.ts";
import { json, pageQuery, postPageSchema, problems } from "./schemas.ts";

/** Timelines of one user and of one hashtag: newest first, opaque cursors. */
export function mountListRoutes(app: OpenAPIHono<ContentEnv>, ctx: ServiceContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/users/{id}/posts",
      tags: ["posts"],
      summary: "A user's published posts the caller may see, newest first",
      request: {
        params: z.object({ id: z.string().max(64) }),
        query: z.object({
          ...pageQuery,
          replies: z
            .enum(["true", "false"])
            .optional()
            .openapi({ description: "Include replies (default true)" }),
        }),
      },
      responses: { ...json(200, "A page of posts", postPageSchema), ...problems(400) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const page = await listPostsByAuthors({
        ctx,
        viewer: c.get("auth"),
        input: {
          authorIds: [c.req.valid("param").id],
          includeReplies: q.replies !== "false",
          limit: q.limit,
          cursor: q.cursor,
        },
      });
      return c.json(
        { posts: await withPostMedia(ctx, page.posts.map(toPostView)), nextCursor: page.nextCursor },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/hashtags/{tag}/posts",
      tags: ["posts"],
      summary: "Published posts with a hashtag (case-insensitive), newest first",
      request: { params: z.object({ tag: z.string().max(200) }), query: z.object(pageQuery) },
      responses: { ...json(200, "A page of posts", postPageSchema), ...problems(400) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const page = await listHashtagPosts({
        ctx,
        viewer: c.get("auth"),
        input: { tag: c.req.valid("param").tag, limit: q.limit, cursor: q.cursor },
      });
      return c.json(
        { posts: await withPostMedia(ctx, page.posts.map(toPostView)), nextCursor: page.nextCursor },
        200,
      );
    },
  );
}
