import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { formatTraceparent } from "@nova/observability";
import type { ServiceContext } from "../context.ts";
import { followAccount } from "../domain/follow-account.ts";
import { type Settlement, settleFollowRequest } from "../domain/settle-follow-request.ts";
import { unfollowAccount } from "../domain/unfollow-account.ts";
import type { GraphEnv } from "./graph-env.ts";
import { bearer, idParam, ok, problems, relationshipSchema } from "./schemas.ts";

const rel = ok(relationshipSchema, "Your relationship to the account afterwards");

export const followRoute = createRoute({
  method: "put",
  path: "/api/v1/users/{id}/follow",
  tags: ["follows"],
  summary: "Follow an account (a follow request when it is private); idempotent",
  security: bearer,
  request: { params: idParam },
  responses: { ...rel, ...problems(400, 401, 403, 404) },
});

export const unfollowRoute = createRoute({
  method: "delete",
  path: "/api/v1/users/{id}/follow",
  tags: ["follows"],
  summary: "Unfollow an account (also withdraws a pending request); idempotent",
  security: bearer,
  request: { params: idParam },
  responses: { ...rel, ...problems(400, 401) },
});

const settleRoute = (how: Settlement, method: "post" | "delete", path: string, summary: string) =>
  createRoute({
    method,
    path,
    tags: ["follow requests"],
    summary,
    security: bearer,
    request: { params: idParam },
    responses: { ...rel, ...problems(400, 401, 404) },
    operationId: `${how}FollowRequest`,
  });

export const approveRoute = settleRoute(
  "approve",
  "post",
  "/api/v1/users/me/follow-requests/{id}/approve",
  "Approve the follow request from account {id}",
);
export const denyRoute = settleRoute(
  "deny",
  "post",
  "/api/v1/users/me/follow-requests/{id}/deny",
  "Deny the follow request from account {id}",
);
export const cancelRoute = settleRoute(
  "cancel",
  "delete",
  "/api/v1/users/{id}/follow-request",
  "Cancel your pending follow request to account {id}",
);

/** Follow, unfollow and settling follow requests. */
export function mountFollowRoutes(app: OpenAPIHono<GraphEnv>, ctx: ServiceContext): void {
  app.openapi(followRoute, async (c) =>
    c.json(
      await followAccount({
        ctx,
        viewer: c.get("auth"),
        input: c.req.valid("param"),
        traceparent: formatTraceparent(c.get("trace")),
      }),
      200,
    ),
  );
  app.openapi(unfollowRoute, async (c) =>
    c.json(
      await unfollowAccount({
        ctx,
        viewer: c.get("auth"),
        input: c.req.valid("param"),
        traceparent: formatTraceparent(c.get("trace")),
      }),
      200,
    ),
  );
  for (const [route, how] of [
    [approveRoute, "approve"],
    [denyRoute, "deny"],
    [cancelRoute, "cancel"],
  ] as const) {
    app.openapi(route, async (c) =>
      c.json(
        await settleFollowRequest({
          ctx,
          viewer: c.get("auth"),
          how,
          input: c.req.valid("param"),
          traceparent: formatTraceparent(c.get("trace")),
        }),
        200,
      ),
    );
  }
}
