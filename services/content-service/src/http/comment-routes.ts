import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { formatTraceparent } from "@nova/observability";
import type { ServiceContext } from "../context.ts";
import { createComment, createCommentSchema } from "../domain/create-comment.ts";
import { deleteComment } from "../domain/delete-comment.ts";
import { listComments } from "../domain/list-comments.ts";
import { withOnePostMedia, withPostMedia } from "../domain/post-media.ts";
import type { ContentEnv } from "./content-env.ts";
import { commentPageSchema, commentSchema, json, pageQuery, problems } from "./schemas.ts";

const bearer = [{ bearerAuth: [] }];

/** Comments: write, list one thread level, delete (comment's or post's author). */
export function mountCommentRoutes(app: OpenAPIHono<ContentEnv>, ctx: ServiceContext): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/posts/{id}/comments",
      tags: ["comments"],
      summary: "Comment on a post, or answer one of its comments",
      security: bearer,
      request: {
        params: z.object({ id: z.string().max(64) }),
        body: { required: true, content: { "application/json": { schema: createCommentSchema } } },
      },
      responses: {
        ...json(201, "The new comment", commentSchema),
        ...problems(400, 401, 403, 404, 422, 503),
      },
    }),
    async (c) =>
      c.json(
        await withOnePostMedia(
          ctx,
          await createComment({
            ctx,
            viewer: c.get("auth"),
            input: { postId: c.req.valid("param").id, comment: c.req.valid("json") },
            traceparent: formatTraceparent(c.get("trace")),
          }),
        ),
        201,
      ),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/posts/{id}/comments",
      tags: ["comments"],
      summary: "Top-level comments (or the answers to `parentId`), oldest first",
      request: {
        params: z.object({ id: z.string().max(64) }),
        query: z.object({ ...pageQuery, parentId: z.string().max(64).optional() }),
      },
      responses: { ...json(200, "A page of comments", commentPageSchema), ...problems(400, 404) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const page = await listComments({
        ctx,
        viewer: c.get("auth"),
        input: {
          postId: c.req.valid("param").id,
          parentCommentId: q.parentId,
          limit: q.limit,
          cursor: q.cursor,
        },
      });
      return c.json({ ...page, comments: await withPostMedia(ctx, page.comments) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/v1/comments/{id}",
      tags: ["comments"],
      summary: "Delete a comment (its author or the post's author)",
      security: bearer,
      request: { params: z.object({ id: z.string().max(64) }) },
      responses: { 204: { description: "Deleted" }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      await deleteComment({
        ctx,
        viewer: c.get("auth"),
        input: { id: c.req.valid("param").id },
        traceparent: formatTraceparent(c.get("trace")),
      });
      return c.body(null, 204);
    },
  );
}
