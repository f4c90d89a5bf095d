import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { formatTraceparent } from "@nova/observability";
import type { ServiceContext } from "../context.ts";
import { createPost } from "../domain/create-post.ts";
import { deletePost } from "../domain/delete-post.ts";
import { editPost } from "../domain/edit-post.ts";
import { getPost } from "../domain/get-post.ts";
import { getPostHistory } from "../domain/get-post-history.ts";
import { listMyDrafts } from "../domain/list-my-drafts.ts";
import { createPostSchema, editPostSchema } from "../domain/post-input.ts";
import { withOnePostMedia } from "../domain/post-media.ts";
import type { ContentEnv } from "./content-env.ts";
import { json, postSchema, postVersionSchema, problems } from "./schemas.ts";

const bearer = [{ bearerAuth: [] }];
const idParam = { params: z.object({ id: z.string().max(64) }) };

/** Post routes: create, read, edit (with history), delete, and the author's drafts. */
export function mountPostRoutes(app: OpenAPIHono<ContentEnv>, ctx: ServiceContext): void {
  const max = ctx.config.extra.POST_MAX_LENGTH;
  const trace = (c: { get(k: "trace"): ContentEnv["Variables"]["trace"] }) =>
    formatTraceparent(c.get("trace"));

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/posts",
      tags: ["posts"],
      summary: "Publish a post (or keep it as a draft, or schedule it)",
      security: bearer,
      request: {
        body: { required: true, content: { "application/json": { schema: createPostSchema(max) } } },
      },
      responses: { ...json(201, "The new post", postSchema), ...problems(400, 401, 403, 404, 412, 422, 503) },
    }),
    async (c) =>
      c.json(
        await withOnePostMedia(
          ctx,
          await createPost({ ctx, viewer: c.get("auth"), input: c.req.valid("json"), traceparent: trace(c) }),
        ),
        201,
      ),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/users/me/drafts",
      tags: ["posts"],
      summary: "The caller's drafts and scheduled posts",
      security: bearer,
      responses: { ...json(200, "Drafts", z.object({ posts: z.array(postSchema) })), ...problems(401) },
    }),
    async (c) => c.json({ posts: await listMyDrafts({ ctx, viewer: c.get("auth") }) }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/posts/{id}",
      tags: ["posts"],
      summary: "A post, if the caller may see it",
      request: idParam,
      responses: { ...json(200, "Post", postSchema), ...problems(400, 404) },
    }),
    async (c) =>
      c.json(
        await withOnePostMedia(
          ctx,
          await getPost({ ctx, viewer: c.get("auth"), input: { id: c.req.valid("param").id } }),
        ),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/posts/{id}/history",
      tags: ["posts"],
      summary: "Earlier versions of an edited post, oldest first",
      request: idParam,
      responses: {
        ...json(200, "Versions", z.object({ versions: z.array(postVersionSchema) })),
        ...problems(400, 404),
      },
    }),
    async (c) =>
      c.json(
        {
          versions: await getPostHistory({
            ctx,
            viewer: c.get("auth"),
            input: { id: c.req.valid("param").id },
          }),
        },
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/v1/posts/{id}",
      tags: ["posts"],
      summary: "Edit an own post (history kept); drafts may be published or scheduled",
      security: bearer,
      request: {
        ...idParam,
        body: { required: true, content: { "application/json": { schema: editPostSchema(max) } } },
      },
      responses: {
        ...json(200, "The edited post", postSchema),
        ...problems(400, 401, 403, 404, 412, 422, 503),
      },
    }),
    async (c) =>
      c.json(
        await withOnePostMedia(
          ctx,
          await editPost({
            ctx,
            viewer: c.get("auth"),
            input: { id: c.req.valid("param").id, changes: c.req.valid("json") },
            traceparent: trace(c),
          }),
        ),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/v1/posts/{id}",
      tags: ["posts"],
      summary: "Delete an own post with its comments",
      security: bearer,
      request: idParam,
      responses: { 204: { description: "Deleted" }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      await deletePost({
        ctx,
        viewer: c.get("auth"),
        input: { id: c.req.valid("param").id },
        traceparent: trace(c),
      });
      return c.body(null, 204);
    },
  );
}
