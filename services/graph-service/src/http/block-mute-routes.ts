import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { formatTraceparent } from "@nova/observability";
import type { ServiceContext } from "../context.ts";
import { setBlock } from "../domain/set-block.ts";
import { setMute } from "../domain/set-mute.ts";
import type { GraphEnv } from "./graph-env.ts";
import { bearer, idParam, ok, problems, relationshipSchema } from "./schemas.ts";

const edgeRoute = (method: "put" | "delete", edge: "block" | "mute", summary: string) =>
  createRoute({
    method,
    path: `/api/v1/users/{id}/${edge}`,
    tags: ["blocks and mutes"],
    summary,
    security: bearer,
    request: { params: idParam },
    responses: {
      ...ok(relationshipSchema, "Your relationship to the account afterwards"),
      ...problems(400, 401),
    },
  });

export const blockRoute = edgeRoute(
  "put",
  "block",
  "Block an account (removes follows and requests both ways); idempotent",
);
export const unblockRoute = edgeRoute("delete", "block", "Unblock an account; idempotent");
export const muteRoute = edgeRoute("put", "mute", "Mute an account (they are not told); idempotent");
export const unmuteRoute = edgeRoute("delete", "mute", "Unmute an account; idempotent");

/** Block, unblock, mute, unmute. */
export function mountBlockMuteRoutes(app: OpenAPIHono<GraphEnv>, ctx: ServiceContext): void {
  for (const [route, blocked] of [
    [blockRoute, true],
    [unblockRoute, false],
  ] as const) {
    app.openapi(route, async (c) =>
      c.json(
        await setBlock({
          ctx,
          viewer: c.get("auth"),
          input: c.req.valid("param"),
          blocked,
          traceparent: formatTraceparent(c.get("trace")),
        }),
        200,
      ),
    );
  }
  for (const [route, muted] of [
    [muteRoute, true],
    [unmuteRoute, false],
  ] as const) {
    app.openapi(route, async (c) =>
      c.json(
        await setMute({
          ctx,
          viewer: c.get("auth"),
          input: c.req.valid("param"),
          muted,
          traceparent: formatTraceparent(c.get("trace")),
        }),
        200,
      ),
    );
  }
}
