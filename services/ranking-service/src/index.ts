import type { ServiceModule } from "@nova/kit";
import { createApp } from "./app.ts";
import { loadServiceConfig, type ServiceConfig } from "./config.ts";
import { createContext, type ServiceContext } from "./context.ts";

export const service: ServiceModule<ServiceConfig, ServiceContext> = {
  name: "ranking-service",
  description: "Candidate scoring, diversity, exploration and explanations.",
  rpcServices: ["nova.ranking.v1.RankingService"],
  loadConfig: loadServiceConfig,
  createContext,
  createApp,
};
