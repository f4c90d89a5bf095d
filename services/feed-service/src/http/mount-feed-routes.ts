import { OpenAPIHono } from "@hono/zod-openapi";
import { authenticate } from "@nova/auth";
import { fromZodError } from "@nova/errors";
import { callContextMiddleware } from "@nova/rpc";
import type { ServiceEnv } from "@nova/server";
import type { ServiceContext } from "../context.ts";
import type { FeedEnv } from "./feed-env.ts";
import { mountHomeUpdatesRoutes } from "./home-updates-routes.ts";
import { mountTimelineRoutes } from "./timeline-routes.ts";

/**
 * Mounts feed-service's REST routes: optional bearer auth (the verbs require it where needed) and
 * the call context, so the caller's token goes along to content-service, which decides visibility.
 */
export function mountFeedRoutes(app: OpenAPIHono<ServiceEnv>, ctx: ServiceContext): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  const routes = new OpenAPIHono<FeedEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });
  // Scoped to this service's paths: on the kit's app a wider pattern would also guard health routes.
  for (const path of ["/api/v1/feed/*", "/api/v1/users/*"]) {
    routes.use(path, callContextMiddleware());
    routes.use(path, authenticate(ctx.verifier, { optional: true }));
  }
  mountTimelineRoutes(routes, ctx);
  mountHomeUpdatesRoutes(routes, ctx);
  app.route("/", routes);
}
