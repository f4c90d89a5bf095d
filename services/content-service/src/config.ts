import { type BaseConfig, loadConfig } from "@nova/config";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };

/** Variables only content-service reads (the shared ones are in @nova/config). */
export const serviceEnvSchema = z.object({});

export type ServiceConfig = BaseConfig & { extra: z.infer<typeof serviceEnvSchema> };

export function loadServiceConfig(env: Record<string, string | undefined>): ServiceConfig {
  return loadConfig("content-service", env, serviceEnvSchema, { version: pkg.version });
}
