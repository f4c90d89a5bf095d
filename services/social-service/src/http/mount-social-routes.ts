import { OpenAPIHono } from "@hono/zod-openapi";
import { authenticate } from "@nova/auth";
import { fromZodError } from "@nova/errors";
import { callContextMiddleware } from "@nova/rpc";
import type { ServiceEnv } from "@nova/server";
import { bodyLimit } from "hono/body-limit";
import type { ServiceContext } from "../context.ts";
import { mountBookmarkRoutes } from "./bookmark-routes.ts";
import { mountEngagementRoutes } from "./engagement-routes.ts";
import { mountLikeRoutes } from "./like-routes.ts";
import { mountRepostRoutes } from "./repost-routes.ts";
import type { SocialEnv } from "./social-env.ts";

/** No route here takes a body; anything sizeable is refused before it is read. */
export const MAX_BODY_BYTES = 4 * 1024;

/**
 * Mounts social-service's REST routes: optional bearer auth (the verbs require it where needed) and
 * the call context, so the caller's token goes along to content-service, which decides visibility.
 */
export function mountSocialRoutes(app: OpenAPIHono<ServiceEnv>, ctx: ServiceContext): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  const routes = new OpenAPIHono<SocialEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });
  // Scoped to this service's paths: on the kit's app a wider pattern would also guard health routes.
  for (const path of ["/api/v1/posts/*", "/api/v1/comments/*", "/api/v1/users/*"]) {
    routes.use(path, bodyLimit({ maxSize: MAX_BODY_BYTES }));
    routes.use(path, callContextMiddleware());
    routes.use(path, authenticate(ctx.verifier, { optional: true }));
  }
  mountLikeRoutes(routes, ctx);
  mountRepostRoutes(routes, ctx);
  mountBookmarkRoutes(routes, ctx);
  mountEngagementRoutes(routes, ctx);
  app.route("/", routes);
}
