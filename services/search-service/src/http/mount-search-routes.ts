import { OpenAPIHono } from "@hono/zod-openapi";
import { authenticate } from "@nova/auth";
import { fromZodError } from "@nova/errors";
import { callContextMiddleware } from "@nova/rpc";
import type { ServiceEnv } from "@nova/server";
import { bodyLimit } from "hono/body-limit";
import type { ServiceContext } from "../context.ts";
import type { SearchEnv } from "./search-env.ts";
import { mountSearchRoutes } from "./search-routes.ts";

/** No route here takes a body; anything sizeable is refused before it is read. */
export const MAX_BODY_BYTES = 4 * 1024;

/** Mounts search-service's REST routes with optional bearer auth (the verbs require it where needed). */
export function mountSearchServiceRoutes(app: OpenAPIHono<ServiceEnv>, ctx: ServiceContext): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  const routes = new OpenAPIHono<SearchEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });
  for (const path of ["/api/v1/search/*", "/api/v1/trends/*"]) {
    routes.use(path, bodyLimit({ maxSize: MAX_BODY_BYTES }));
    routes.use(path, callContextMiddleware());
    routes.use(path, authenticate(ctx.verifier, { optional: true }));
  }
  mountSearchRoutes(routes, ctx);
  app.route("/", routes);
}
