import type { ServiceModule } from "@nova/kit";
import { createApp } from "./app.ts";
import { loadServiceConfig, type ServiceConfig } from "./config.ts";
import { createContext, type ServiceContext } from "./context.ts";

export const service: ServiceModule<ServiceConfig, ServiceContext> = {
  name: "media-service",
  description: "Uploads, image processing, video transcoding to HLS and signed URLs.",
  rpcServices: ["nova.media.v1.MediaService"],
  loadConfig: loadServiceConfig,
  createContext,
  createApp,
};
