import type { ServiceModule } from "@nova/kit";
import { createApp } from "./app.ts";
import { loadServiceConfig, type ServiceConfig } from "./config.ts";
import { createContext, type ServiceContext } from "./context.ts";

export const service: ServiceModule<ServiceConfig, ServiceContext> = {
  name: "content-service",
  description: "Posts (text, media references, hashtags, mentions, visibility, edits) and threaded comments.",
  rpcServices: ["nova.content.v1.ContentService"],
  loadConfig: loadServiceConfig,
  createContext,
  createApp,
};
