import type { ServiceModule } from "@nova/kit";
import { createApp } from "./app.ts";
import { loadServiceConfig, type ServiceConfig } from "./config.ts";
import { createContext, type ServiceContext } from "./context.ts";

export const service: ServiceModule<ServiceConfig, ServiceContext> = {
  name: "feature-store",
  description: "Feature registry, online and offline features, materialisation from events.",
  rpcServices: ["nova.feature_store.v1.FeatureStoreService"],
  loadConfig: loadServiceConfig,
  createContext,
  createApp,
};
