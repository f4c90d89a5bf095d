import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { formatTraceparent } from "@nova/observability";
import type { ServiceContext } from "../context.ts";
import { likeComment } from "../domain/like-comment.ts";
import { likePost } from "../domain/like-post.ts";
import { listMyLikes } from "../domain/list-my-likes.ts";
import { listPostLikers } from "../domain/list-post-likers.ts";
import { unlikeComment } from "../domain/unlike-comment.ts";
import { unlikePost } from "../domain/unlike-post.ts";
import {
  commentLikeSchema,
  engagementSchema,
  likedPostPageSchema,
  likerPageSchema,
  ok,
  pageQuery,
  postParams,
  problems,
} from "./schemas.ts";
import type { SocialEnv } from "./social-env.ts";

const bearer = [{ bearerAuth: [] }];
const writeProblems = problems(400, 401, 404, 503);

export const likePostRoute = createRoute({
  method: "put",
  path: "/api/v1/posts/{id}/like",
  tags: ["likes"],
  summary: "Like a post (idempotent)",
  security: bearer,
  request: { params: postParams },
  responses: { ...ok("The post's engagement", engagementSchema), ...writeProblems },
});

export const unlikePostRoute = createRoute({
  method: "delete",
  path: "/api/v1/posts/{id}/like",
  tags: ["likes"],
  summary: "Remove your like of a post (idempotent)",
  security: bearer,
  request: { params: postParams },
  responses: { ...ok("The post's engagement", engagementSchema), ...problems(400, 401) },
});

export const likeCommentRoute = createRoute({
  method: "put",
  path: "/api/v1/comments/{id}/like",
  tags: ["likes"],
  summary: "Like a comment (idempotent)",
  security: bearer,
  request: { params: postParams },
  responses: { ...ok("The comment's likes", commentLikeSchema), ...writeProblems },
});

export const unlikeCommentRoute = createRoute({
  method: "delete",
  path: "/api/v1/comments/{id}/like",
  tags: ["likes"],
  summary: "Remove your like of a comment (idempotent)",
  security: bearer,
  request: { params: postParams },
  responses: { ...ok("The comment's likes", commentLikeSchema), ...problems(400, 401) },
});

export const postLikersRoute = createRoute({
  method: "get",
  path: "/api/v1/posts/{id}/likes",
  tags: ["likes"],
  summary: "Who liked a post, newest first (people in a blocked pair with you are left out)",
  request: { params: postParams, query: pageQuery },
  responses: { ...ok("A page of likers", likerPageSchema), ...problems(400, 404, 503) },
});

export const myLikesRoute = createRoute({
  method: "get",
  path: "/api/v1/users/me/likes",
  tags: ["likes"],
  summary: "Posts you liked, newest like first",
  security: bearer,
  request: { query: pageQuery },
  responses: { ...ok("A page of liked posts", likedPostPageSchema), ...problems(400, 401, 503) },
});

export function mountLikeRoutes(app: OpenAPIHono<SocialEnv>, ctx: ServiceContext): void {
  app.openapi(likePostRoute, async (c) =>
    c.json(
      await likePost({
        ctx,
        viewer: c.get("auth"),
        input: { postId: c.req.valid("param").id },
        traceparent: formatTraceparent(c.get("trace")),
      }),
      200,
    ),
  );
  app.openapi(unlikePostRoute, async (c) =>
    c.json(
      await unlikePost({
        ctx,
        viewer: c.get("auth"),
        input: { postId: c.req.valid("param").id },
        traceparent: formatTraceparent(c.get("trace")),
      }),
      200,
    ),
  );
  app.openapi(likeCommentRoute, async (c) =>
    c.json(
      await likeComment({
        ctx,
        viewer: c.get("auth"),
        input: { commentId: c.req.valid("param").id },
        traceparent: formatTraceparent(c.get("trace")),
      }),
      200,
    ),
  );
  app.openapi(unlikeCommentRoute, async (c) =>
    c.json(
      await unlikeComment({
        ctx,
        viewer: c.get("auth"),
        input: { commentId: c.req.valid("param").id },
        traceparent: formatTraceparent(c.get("trace")),
      }),
      200,
    ),
  );
  app.openapi(postLikersRoute, async (c) =>
    c.json(
      await listPostLikers({
        ctx,
        viewer: c.get("auth"),
        input: { postId: c.req.valid("param").id, ...c.req.valid("query") },
      }),
      200,
    ),
  );
  app.openapi(myLikesRoute, async (c) =>
    c.json(await listMyLikes({ ctx, viewer: c.get("auth"), input: c.req.valid("query") }), 200),
  );
}
