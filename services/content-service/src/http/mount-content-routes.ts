import { OpenAPIHono } from "@hono/zod-openapi";
import { authenticate } from "@nova/auth";
import { fromZodError } from "@nova/errors";
import type { ServiceEnv } from "@nova/server";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { ServiceContext } from "../context.ts";
import { mountCommentRoutes } from "./comment-routes.ts";
import type { ContentEnv } from "./content-env.ts";
import { mountListRoutes } from "./list-routes.ts";
import { mountPostRoutes } from "./post-routes.ts";

/** A post of 500 emoji graphemes is a few KiB; anything much bigger is refused before it is read. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Mounts content-service's REST routes (optional bearer auth; writes require it in the verbs). */
export function mountContentRoutes(app: OpenAPIHono<ServiceEnv>, ctx: ServiceContext): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  const routes = new OpenAPIHono<ContentEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });
  // Scoped to this service's paths: on the kit's app a wider pattern would also guard health routes.
  for (const path of [
    "/api/v1/posts",
    "/api/v1/posts/*",
    "/api/v1/comments/*",
    "/api/v1/users/*",
    "/api/v1/hashtags/*",
  ]) {
    routes.use(path, bodyLimit({ maxSize: MAX_BODY_BYTES }));
    routes.use(path, async function requireJsonBody(c, next) {
      const hasBody = c.req.method === "POST" || c.req.method === "PATCH" || c.req.method === "PUT";
      if (hasBody && !/^application\/(.+\+)?json\b/i.test(c.req.header("content-type") ?? ""))
        throw new HTTPException(415, { message: "the request body must be application/json" });
      await next();
    });
    routes.use(path, authenticate(ctx.verifier, { optional: true }));
  }
  mountPostRoutes(routes, ctx);
  mountListRoutes(routes, ctx);
  mountCommentRoutes(routes, ctx);
  app.route("/", routes);
}
