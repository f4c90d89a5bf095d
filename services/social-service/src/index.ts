import type { ServiceModule } from "@nova/kit";
import { createApp } from "./app.ts";
import { loadServiceConfig, type ServiceConfig } from "./config.ts";
import { createContext, type ServiceContext } from "./context.ts";

export const service: ServiceModule<ServiceConfig, ServiceContext> = {
  name: "social-service",
  description: "Likes, reposts, bookmarks, engagement counters and the activity stream.",
  rpcServices: ["nova.social.v1.SocialService"],
  loadConfig: loadServiceConfig,
  createContext,
  createApp,
};
