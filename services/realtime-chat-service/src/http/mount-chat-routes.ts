import { OpenAPIHono } from "@hono/zod-openapi";
import { authenticate } from "@nova/auth";
import { fromZodError } from "@nova/errors";
import { callContextMiddleware } from "@nova/rpc";
import type { ServiceEnv } from "@nova/server";
import { bodyLimit } from "hono/body-limit";
import type { ServiceContext } from "../context.ts";
import type { ChatEnv } from "./chat-env.ts";
import { mountConversationRoutes } from "./conversation-routes.ts";
import { mountKeyRoutes } from "./key-routes.ts";

/** A message to a 256-member group with several devices each: ~2,048 envelopes of a few hundred bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Mounts chat's REST routes under /api/v1/chat (bearer auth; the verbs require it). */
export function mountChatRoutes(app: OpenAPIHono<ServiceEnv>, ctx: ServiceContext): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  const routes = new OpenAPIHono<ChatEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });
  routes.use("/api/v1/chat/*", bodyLimit({ maxSize: MAX_BODY_BYTES }));
  routes.use("/api/v1/chat/*", callContextMiddleware());
  routes.use("/api/v1/chat/*", authenticate(ctx.verifier, { optional: true }));
  mountKeyRoutes(routes, ctx);
  mountConversationRoutes(routes, ctx);
  app.route("/", routes);
}
