import type { ServiceModule } from "@nova/kit";
import { createApp } from "./app.ts";
import { loadServiceConfig, type ServiceConfig } from "./config.ts";
import { createContext, type ServiceContext } from "./context.ts";

export const service: ServiceModule<ServiceConfig, ServiceContext> = {
  name: "search-service",
  description: "Search over users, posts and hashtags; suggestions and trending queries.",
  rpcServices: ["nova.search.v1.SearchService"],
  loadConfig: loadServiceConfig,
  createContext,
  createApp,
};
