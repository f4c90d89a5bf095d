import { OpenAPIHono } from "@hono/zod-openapi";
import { authenticate } from "@nova/auth";
import { fromZodError } from "@nova/errors";
import type { ServiceEnv } from "@nova/server";
import { bodyLimit } from "hono/body-limit";
import type { ServiceContext } from "../context.ts";
import { mountLogRoutes } from "./log-routes.ts";
import { mountRankRoutes } from "./rank-routes.ts";
import type { RankingEnv } from "./ranking-env.ts";

/** 1,000 candidates or log rows of a few hundred bytes each, with room to spare. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Mounts ranking-service's REST routes: each needs an end user's access token, and the viewer is
 * that token's account (domain/acting-viewer.ts).
 */
export function mountRankingRoutes(app: OpenAPIHono<ServiceEnv>, ctx: ServiceContext): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  const routes = new OpenAPIHono<RankingEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });
  for (const path of ["/api/v1/rank", "/api/v1/impressions", "/api/v1/feedback"]) {
    routes.use(path, bodyLimit({ maxSize: MAX_BODY_BYTES }));
    routes.use(path, authenticate(ctx.verifier));
  }
  mountRankRoutes(routes, ctx);
  mountLogRoutes(routes, ctx);
  app.route("/", routes);
}
