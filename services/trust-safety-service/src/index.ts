import type { ServiceModule } from "@nova/kit";
import { createApp } from "./app.ts";
import { loadServiceConfig, type ServiceConfig } from "./config.ts";
import { createContext, type ServiceContext } from "./context.ts";

export const service: ServiceModule<ServiceConfig, ServiceContext> = {
  name: "trust-safety-service",
  description: "Moderation checks, reports, review queue, enforcement and appeals.",
  rpcServices: ["nova.trust_safety.v1.TrustSafetyService"],
  loadConfig: loadServiceConfig,
  createContext,
  createApp,
};
