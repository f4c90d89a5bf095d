import type { ServiceModule } from "@nova/kit";
import { createApp } from "./app.ts";
import { loadServiceConfig, type ServiceConfig } from "./config.ts";
import { createContext, type ServiceContext } from "./context.ts";
import { formUploadLimit } from "./http/mount-media-routes.ts";

export const service: ServiceModule<ServiceConfig, ServiceContext> = {
  name: "media-service",
  description: "Uploads, image processing, video transcoding to HLS and signed URLs.",
  rpcServices: ["nova.media.v1.MediaService"],
  loadConfig: loadServiceConfig,
  createContext,
  createApp,
  // Photos and videos are bigger than the edge's 1 MiB default; each route bounds its own body.
  serverOptions: (config) => ({ maxBodyBytes: formUploadLimit(config) }),
};
