import { OpenAPIHono } from "@hono/zod-openapi";
import { authenticate } from "@nova/auth";
import { fromZodError } from "@nova/errors";
import type { ServiceEnv } from "@nova/server";
import { bodyLimit } from "hono/body-limit";
import type { ServiceContext } from "../context.ts";
import type { AnalyticsEnv } from "./analytics-env.ts";
import { mountIngestRoutes } from "./ingest-routes.ts";
import { mountQueryRoutes } from "./query-routes.ts";

/** 500 events of ~1 KiB each. */
export const MAX_BODY_BYTES = 512 * 1024;

/** analytics-service's REST routes: optional bearer auth (the verbs decide who may do what). */
export function mountAnalyticsRoutes(app: OpenAPIHono<ServiceEnv>, ctx: ServiceContext): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  const routes = new OpenAPIHono<AnalyticsEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });
  routes.use("/api/v1/analytics/*", bodyLimit({ maxSize: MAX_BODY_BYTES }));
  routes.use("/api/v1/analytics/*", authenticate(ctx.verifier, { optional: true }));
  mountIngestRoutes(routes, ctx);
  mountQueryRoutes(routes, ctx);
  app.route("/", routes);
}
