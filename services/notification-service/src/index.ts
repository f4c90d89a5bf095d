import type { ServiceModule } from "@nova/kit";
import { createApp } from "./app.ts";
import { loadServiceConfig, type ServiceConfig } from "./config.ts";
import { createContext, type ServiceContext } from "./context.ts";

export const service: ServiceModule<ServiceConfig, ServiceContext> = {
  name: "notification-service",
  description: "Inbox, grouping, preferences, device tokens, push, email and realtime delivery.",
  rpcServices: ["nova.notification.v1.NotificationService"],
  loadConfig: loadServiceConfig,
  createContext,
  createApp,
};
