import type { ServiceModule } from "@nova/kit";
import { createApp } from "./app.ts";
import { loadServiceConfig, type ServiceConfig } from "./config.ts";
import { createContext, type ServiceContext } from "./context.ts";

export const service: ServiceModule<ServiceConfig, ServiceContext> = {
  name: "feed-service",
  description: "Home timeline (hybrid fan-out), user timeline, explore and for-you feeds.",
  rpcServices: ["nova.feed.v1.FeedService"],
  loadConfig: loadServiceConfig,
  createContext,
  createApp,
};
