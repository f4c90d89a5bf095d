import { type BaseConfig, env, loadConfig } from "@nova/config";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };

/** Variables only feature-store reads (the shared ones, CLICKHOUSE_URL and REDIS_URL included, are in @nova/config). */
export const serviceEnvSchema = z.object({
  /** identity-service's HTTP base URL; its JWKS (`/.well-known/jwks.json`) verifies access tokens on RPCs. */
  IDENTITY_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8010"),
  /** ClickHouse table of the offline store (when CLICKHOUSE_URL is set). */
  FEATURE_STORE_CLICKHOUSE_TABLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, "a ClickHouse table name (lower case, digits, _)")
    .default("feature_snapshots"),
  /** How long a state read from the database on a cache miss stays cached (it may race a newer write). */
  FEATURE_STORE_MISS_FILL_TTL: env.duration().default(60_000),
});

export type ServiceConfig = BaseConfig & { extra: z.infer<typeof serviceEnvSchema> };

export function loadServiceConfig(vars: Record<string, string | undefined>): ServiceConfig {
  return loadConfig("feature-store", vars, serviceEnvSchema, { version: pkg.version });
}
