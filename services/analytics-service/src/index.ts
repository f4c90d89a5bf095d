import type { ServiceModule } from "@nova/kit";
import { createApp } from "./app.ts";
import { loadServiceConfig, type ServiceConfig } from "./config.ts";
import { createContext, type ServiceContext } from "./context.ts";

export const service: ServiceModule<ServiceConfig, ServiceContext> = {
  name: "analytics-service",
  description: "Client and domain event ingestion, event bus administration and metrics queries.",
  rpcServices: ["nova.analytics.v1.AnalyticsService"],
  loadConfig: loadServiceConfig,
  createContext,
  createApp,
};
