import type { ServiceModule } from "@nova/kit";
import { createApp } from "./app.ts";
import { loadServiceConfig, type ServiceConfig } from "./config.ts";
import { createContext, type ServiceContext } from "./context.ts";

export const service: ServiceModule<ServiceConfig, ServiceContext> = {
  name: "graphql-gateway",
  description: "The public GraphQL API, stitched from the services' subschemas with type merging.",
  rpcServices: [],
  loadConfig: loadServiceConfig,
  createContext,
  createApp,
};
