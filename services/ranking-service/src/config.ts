import { type BaseConfig, env, loadConfig } from "@nova/config";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };
import { MODEL_VERSION_IDS } from "./domain/model-versions.ts";

const rate = z.coerce
  .number({ error: "must be a number" })
  .min(0, "must be between 0 and 1")
  .max(1, "must be between 0 and 1");

/** Variables only ranking-service reads (the shared ones, CLICKHOUSE_URL included, are in @nova/config). */
export const serviceEnvSchema = z.object({
  /** identity-service's HTTP base URL; its JWKS (`/.well-known/jwks.json`) verifies access tokens on RPCs. */
  IDENTITY_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8010"),
  /** The weight version RankCandidates scores with (versions are defined in src/domain/model-versions.ts). */
  RANKING_MODEL_VERSION: z.enum(MODEL_VERSION_IDS).default("logistic-v1"),
  /** How long feature hydration may take before ranking goes on with default feature values. */
  RANKING_FEATURE_DEADLINE: env.duration().default(50),
  /** ε of the exploration slot: the chance that a slot shows a new post instead of the next best. */
  RANKING_EXPLORATION_RATE: rate.default(0.1),
  /** Most posts by one author in a row after the diversity re-rank. */
  RANKING_MAX_CONSECUTIVE_PER_AUTHOR: env.positiveInt(100).default(2),
  /** MMR trade-off: 1 ranks by score only, lower values push repeated authors further down. */
  RANKING_DIVERSITY_LAMBDA: rate.default(0.7),
  /** feature-store's HTTP base URL (Connect). */
  FEATURE_STORE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8020"),
});

export type ServiceConfig = BaseConfig & { extra: z.infer<typeof serviceEnvSchema> };

export function loadServiceConfig(vars: Record<string, string | undefined>): ServiceConfig {
  return loadConfig("ranking-service", vars, serviceEnvSchema, { version: pkg.version });
}
