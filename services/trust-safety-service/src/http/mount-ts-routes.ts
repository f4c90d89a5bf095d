import { OpenAPIHono } from "@hono/zod-openapi";
import { authenticate } from "@nova/auth";
import { fromZodError } from "@nova/errors";
import { callContextMiddleware } from "@nova/rpc";
import type { ServiceEnv } from "@nova/server";
import { bodyLimit } from "hono/body-limit";
import type { ServiceContext } from "../context.ts";
import { mountHashBlocklistRoutes } from "./hash-blocklist-routes.ts";
import { mountRoutes } from "./routes.ts";
import type { TrustSafetyEnv } from "./ts-env.ts";

/** A message report carries the reporter's copy (≤ 10k chars); nothing larger is read. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Mounts trust-safety's REST routes: bearer auth (verbs require it; moderator routes the role), the
 * call context (a report's post lookup goes to content with the reporter's token). Appeals verify
 * the token without the revocation view, so a suspended account can appeal with the token it has.
 */
export function mountTrustSafetyRoutes(app: OpenAPIHono<ServiceEnv>, ctx: ServiceContext): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  const routes = new OpenAPIHono<TrustSafetyEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });
  for (const path of ["/api/v1/reports", "/api/v1/reports/*", "/api/v1/moderation/*", "/api/v1/appeals"]) {
    routes.use(path, bodyLimit({ maxSize: MAX_BODY_BYTES }));
    routes.use(path, callContextMiddleware());
  }
  for (const path of ["/api/v1/reports", "/api/v1/reports/*", "/api/v1/moderation/*"])
    routes.use(path, authenticate(ctx.verifier, { optional: true }));
  routes.use("/api/v1/appeals", authenticate(ctx.appealVerifier, { optional: true }));
  mountRoutes(routes, ctx);
  mountHashBlocklistRoutes(routes, ctx);
  app.route("/", routes);
}
