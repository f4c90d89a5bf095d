import { OpenAPIHono } from "@hono/zod-openapi";
import { authenticate } from "@nova/auth";
import { fromZodError } from "@nova/errors";
import type { ServiceEnv } from "@nova/server";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { ServiceContext } from "../context.ts";
import { mountProfileRoutes } from "./profile-routes.ts";
import { mountSettingsRoutes } from "./settings-routes.ts";
import type { UserEnv } from "./user-env.ts";
import { mountUsernameRoutes } from "./username-routes.ts";

/** Profile and settings bodies are small; anything bigger is refused before it is read. */
export const MAX_BODY_BYTES = 16 * 1024;

/** Mounts user-service's REST routes (optional bearer auth; `/me` routes require it in the verbs). */
export function mountUserRoutes(app: OpenAPIHono<ServiceEnv>, ctx: ServiceContext): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  const routes = new OpenAPIHono<UserEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });
  // Scoped to this service's paths: on the kit's app a wider pattern would also guard health routes.
  for (const path of ["/api/v1/users/*", "/api/v1/usernames/*"]) {
    routes.use(path, bodyLimit({ maxSize: MAX_BODY_BYTES }));
    // Without this, a PATCH with no body (or no content type) would validate as an empty patch.
    routes.use(path, async function requireJsonBody(c, next) {
      if (c.req.method !== "GET" && !/^application\/(.+\+)?json\b/i.test(c.req.header("content-type") ?? ""))
        throw new HTTPException(415, { message: "the request body must be application/json" });
      await next();
    });
    routes.use(path, authenticate(ctx.verifier, { optional: true }));
  }
  mountSettingsRoutes(routes, ctx);
  mountProfileRoutes(routes, ctx);
  mountUsernameRoutes(routes, ctx);
  app.route("/", routes);
}
