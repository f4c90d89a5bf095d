import type { ServiceModule } from "@nova/kit";
import { createApp } from "./app.ts";
import { loadServiceConfig, type ServiceConfig } from "./config.ts";
import { createContext, type ServiceContext } from "./context.ts";

export const service: ServiceModule<ServiceConfig, ServiceContext> = {
  name: "graph-service",
  description:
    "Follow, follow-request, block and mute edges; followers, mutuals, suggestions and relationship checks.",
  rpcServices: ["nova.graph.v1.GraphService"],
  loadConfig: loadServiceConfig,
  createContext,
  createApp,
};
