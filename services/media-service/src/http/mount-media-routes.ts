import { OpenAPIHono } from "@hono/zod-openapi";
import { authenticate } from "@nova/auth";
import { createBlobRoutes } from "@nova/blob";
import { fromZodError } from "@nova/errors";
import { callContextMiddleware } from "@nova/rpc";
import type { ServiceEnv } from "@nova/server";
import { bodyLimit } from "hono/body-limit";
import type { ServiceConfig } from "../config.ts";
import type { ServiceContext } from "../context.ts";
import { mountHlsRoutes } from "./hls-routes.ts";
import { createLiveCallbackRoutes, mountLiveRoutes } from "./live-routes.ts";
import type { MediaEnv } from "./media-env.ts";
import { mountMediaRoutes } from "./media-routes.ts";
import { mountUploadRoutes } from "./upload-routes.ts";

/** Form uploads above this go through upload sessions (presigned PUT). */
export const MAX_FORM_UPLOAD_BYTES = 100 * 1024 * 1024;
/** JSON bodies (PATCH, upload sessions) are small. */
const MAX_JSON_BYTES = 16 * 1024;

/** The largest form upload body: the bigger type limit, capped at MAX_FORM_UPLOAD_BYTES, plus the form's framing. */
export function formUploadLimit(config: ServiceConfig): number {
  const { extra } = config;
  return (
    Math.min(MAX_FORM_UPLOAD_BYTES, Math.max(extra.MEDIA_MAX_IMAGE_BYTES, extra.MEDIA_MAX_VIDEO_BYTES)) +
    64 * 1024
  );
}

/** Mounts media-service's REST routes, and the embedded store's signed-URL routes (/blobs/*). */
export function mountMediaServiceRoutes(app: OpenAPIHono<ServiceEnv>, ctx: ServiceContext): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  const routes = new OpenAPIHono<MediaEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });
  const { extra } = ctx.config;
  const formLimit = Math.min(
    MAX_FORM_UPLOAD_BYTES,
    Math.max(extra.MEDIA_MAX_IMAGE_BYTES, extra.MEDIA_MAX_VIDEO_BYTES),
  );
  routes.use("/api/v1/live", bodyLimit({ maxSize: MAX_JSON_BYTES }));
  routes.use("/api/v1/live/*", bodyLimit({ maxSize: MAX_JSON_BYTES }));
  for (const path of ["/api/v1/media", "/api/v1/media/*", "/api/v1/live", "/api/v1/live/*"]) {
    routes.use(path, bodyLimit({ maxSize: formLimit + 64 * 1024 }));
    routes.use(path, callContextMiddleware());
    routes.use(path, authenticate(ctx.verifier, { optional: true }));
  }
  mountUploadRoutes(routes, ctx);
  mountHlsRoutes(routes, ctx);
  mountMediaRoutes(routes, ctx);
  mountLiveRoutes(routes, ctx);
  app.route("/", routes);
  app.route("/", createLiveCallbackRoutes(ctx));
  if (ctx.storage.fs) app.route("/", createBlobRoutes(ctx.storage.fs));
}
