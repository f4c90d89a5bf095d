import { OpenAPIHono } from "@hono/zod-openapi";
import { authenticate } from "@nova/auth";
import { fromZodError } from "@nova/errors";
import type { ServiceEnv } from "@nova/server";
import { bodyLimit } from "hono/body-limit";
import type { ServiceContext } from "../context.ts";
import { mountBlockMuteRoutes } from "./block-mute-routes.ts";
import { mountFollowRoutes } from "./follow-routes.ts";
import type { GraphEnv } from "./graph-env.ts";
import { mountListRoutes } from "./list-routes.ts";

/** No graph route takes a body; anything sent is refused above this size before it is read. */
export const MAX_BODY_BYTES = 4 * 1024;

/** Mounts graph-service's REST routes (optional bearer auth; writes require it in the verbs). */
export function mountGraphRoutes(app: OpenAPIHono<ServiceEnv>, ctx: ServiceContext): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  const routes = new OpenAPIHono<GraphEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });
  // Scoped to this service's paths: on the kit's app a wider pattern would also guard health routes.
  for (const path of ["/api/v1/users/*", "/api/v1/relationships"]) {
    routes.use(path, bodyLimit({ maxSize: MAX_BODY_BYTES }));
    routes.use(path, authenticate(ctx.verifier, { optional: true }));
  }
  mountListRoutes(routes, ctx);
  mountFollowRoutes(routes, ctx);
  mountBlockMuteRoutes(routes, ctx);
  app.route("/", routes);
}
