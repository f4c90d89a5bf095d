import { OpenAPIHono } from "@hono/zod-openapi";
import { authenticate } from "@nova/auth";
import { fromZodError } from "@nova/errors";
import { callContextMiddleware } from "@nova/rpc";
import type { ServiceEnv } from "@nova/server";
import { bodyLimit } from "hono/body-limit";
import type { ServiceContext } from "../context.ts";
import { mountInboxRoutes } from "./inbox-routes.ts";
import type { NotificationEnv } from "./notification-env.ts";
import { mountPushRoutes } from "./push-routes.ts";
import { mountUnsubscribeRoutes } from "./unsubscribe-routes.ts";

/** Bodies are small (preferences, a subscription); anything bigger is refused before it is read. */
export const MAX_BODY_BYTES = 16 * 1024;

/** Mounts notification-service's REST routes with optional bearer auth (the verbs require it). */
export function mountNotificationRoutes(app: OpenAPIHono<ServiceEnv>, ctx: ServiceContext): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  const routes = new OpenAPIHono<NotificationEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });
  for (const path of ["/api/v1/notifications", "/api/v1/notifications/*", "/api/v1/push/*"]) {
    routes.use(path, bodyLimit({ maxSize: MAX_BODY_BYTES }));
    routes.use(path, callContextMiddleware());
    routes.use(path, authenticate(ctx.verifier, { optional: true }));
  }
  mountUnsubscribeRoutes(routes, ctx);
  mountInboxRoutes(routes, ctx);
  mountPushRoutes(routes, ctx);
  app.route("/", routes);
}
