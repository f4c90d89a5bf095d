import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { formatTraceparent } from "@nova/observability";
import type { ServiceContext } from "../context.ts";
import { bookmarkPost } from "../domain/bookmark-post.ts";
import { listBookmarks } from "../domain/list-bookmarks.ts";
import { unbookmarkPost } from "../domain/unbookmark-post.ts";
import { bookmarkPageSchema, engagementSchema, ok, pageQuery, postParams, problems } from "./schemas.ts";
import type { SocialEnv } from "./social-env.ts";

const bearer = [{ bearerAuth: [] }];

export const bookmarkRoute = createRoute({
  method: "put",
  path: "/api/v1/posts/{id}/bookmark",
  tags: ["bookmarks"],
  summary: "Bookmark a post (idempotent; private to you)",
  security: bearer,
  request: { params: postParams },
  responses: { ...ok("The post's engagement", engagementSchema), ...problems(400, 401, 404, 503) },
});

export const unbookmarkRoute = createRoute({
  method: "delete",
  path: "/api/v1/posts/{id}/bookmark",
  tags: ["bookmarks"],
  summary: "Remove a bookmark (idempotent)",
  security: bearer,
  request: { params: postParams },
  responses: { ...ok("The post's engagement", engagementSchema), ...problems(400, 401) },
});

export const myBookmarksRoute = createRoute({
  method: "get",
  path: "/api/v1/users/me/bookmarks",
  tags: ["bookmarks"],
  summary: "Your bookmarks, newest first",
  security: bearer,
  request: { query: pageQuery },
  responses: { ...ok("A page of bookmarks", bookmarkPageSchema), ...problems(400, 401, 503) },
});

export const userBookmarksRoute = createRoute({
  method: "get",
  path: "/api/v1/users/{id}/bookmarks",
  tags: ["bookmarks"],
  summary: "A user's bookmarks: only the owner may read them (403 for anyone else)",
  security: bearer,
  request: { params: z.object({ id: z.string().max(64) }), query: pageQuery },
  responses: { ...ok("A page of bookmarks", bookmarkPageSchema), ...problems(400, 401, 403, 503) },
});

/** Bookmark routes; `/users/me/bookmarks` is registered before `/users/{id}/bookmarks`. */
export function mountBookmarkRoutes(app: OpenAPIHono<SocialEnv>, ctx: ServiceContext): void {
  app.openapi(bookmarkRoute, async (c) =>
    c.json(
      await bookmarkPost({
        ctx,
        viewer: c.get("auth"),
        input: { postId: c.req.valid("param").id },
        traceparent: formatTraceparent(c.get("trace")),
      }),
      200,
    ),
  );
  app.openapi(unbookmarkRoute, async (c) =>
    c.json(
      await unbookmarkPost({
        ctx,
        viewer: c.get("auth"),
        input: { postId: c.req.valid("param").id },
        traceparent: formatTraceparent(c.get("trace")),
      }),
      200,
    ),
  );
  app.openapi(myBookmarksRoute, async (c) => {
    const viewer = c.get("auth");
    return c.json(
      await listBookmarks({
        ctx,
        viewer,
        input: { ownerId: viewer?.accountId ?? "", ...c.req.valid("query") },
      }),
      200,
    );
  });
  app.openapi(userBookmarksRoute, async (c) =>
    c.json(
      await listBookmarks({
        ctx,
        viewer: c.get("auth"),
        input: { ownerId: c.req.valid("param").id, ...c.req.valid("query") },
      }),
      200,
    ),
  );
}
