import { OpenAPIHono } from "@hono/zod-openapi";
import { fromZodError } from "@nova/errors";
import type { ServiceEnv } from "@nova/server";
import { bodyLimit } from "hono/body-limit";
import type { ServiceContext } from "../context.ts";
import { mountLogRoutes } from "./log-routes.ts";
import { mountRankRoutes } from "./rank-routes.ts";

/** 1,000 candidates or log rows of a few hundred bytes each, with room to spare. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Mounts ranking-service's REST routes (internal, like its RPCs: see README). */
export function mountRankingRoutes(app: OpenAPIHono<ServiceEnv>, ctx: ServiceContext): void {
  const routes = new OpenAPIHono<ServiceEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });
  for (const path of ["/api/v1/rank", "/api/v1/impressions", "/api/v1/feedback"])
    routes.use(path, bodyLimit({ maxSize: MAX_BODY_BYTES }));
  mountRankRoutes(routes, ctx);
  mountLogRoutes(routes, ctx);
  app.route("/", routes);
}
