import type { ServiceModule } from "@nova/kit";
import { createApp } from "./app.ts";
import { loadServiceConfig, type ServiceConfig } from "./config.ts";
import { createContext, type ServiceContext } from "./context.ts";

export const service: ServiceModule<ServiceConfig, ServiceContext> = {
  name: "user-service",
  description: "Profiles, usernames, avatars, settings and privacy; user lookup and batch lookup.",
  rpcServices: ["nova.user.v1.UserService"],
  loadConfig: loadServiceConfig,
  createContext,
  createApp,
};
