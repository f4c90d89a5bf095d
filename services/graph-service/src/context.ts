import { type BaseContext, type BaseContextOverrides, createBaseContext } from "@nova/kit";
import type { ServiceConfig } from "./config.ts";

export type ServiceContext = BaseContext<ServiceConfig>;

export function createContext(
  config: ServiceConfig,
  overrides?: BaseContextOverrides,
): Promise<ServiceContext> {
  return createBaseContext(config, { schema: "graph_service", overrides });
}
