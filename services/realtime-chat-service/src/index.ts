import type { ServiceModule } from "@nova/kit";
import { createApp } from "./app.ts";
import { loadServiceConfig, type ServiceConfig } from "./config.ts";
import { createContext, type ServiceContext } from "./context.ts";

export const service: ServiceModule<ServiceConfig, ServiceContext> = {
  name: "realtime-chat-service",
  description: "Conversations, WebSocket delivery, the E2EE key directory, ciphertext store and receipts.",
  rpcServices: ["nova.realtime_chat.v1.RealtimeChatService"],
  loadConfig: loadServiceConfig,
  createContext,
  createApp,
};
export { chatMetrics } from "./domain/chat-metrics.ts";
