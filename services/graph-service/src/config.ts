import { type BaseConfig, env, loadConfig } from "@nova/config";
import { writeLimitEnv } from "@nova/rate-limit";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };

/** The writes graph-service limits per account and per IP (follow and unfollow both count). */
export const GRAPH_WRITE_ACTIONS = ["follows"] as const;

/** Variables only graph-service reads (the shared ones, NEO4J_URI included, are in @nova/config). */
export const serviceEnvSchema = z.object({
  /** identity-service's HTTP base URL; its JWKS (`/.well-known/jwks.json`) verifies access tokens. */
  IDENTITY_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8010"),
  /** How long a pair's relationship (hot is-blocked / is-following checks) is cached; every change invalidates it. */
  RELATIONSHIP_CACHE_TTL: env.duration().default(300_000),
  /** RATE_LIMIT_FOLLOWS(_PER_IP): see @nova/rate-limit. */
  ...writeLimitEnv(GRAPH_WRITE_ACTIONS),
});

export type ServiceConfig = BaseConfig & { extra: z.infer<typeof serviceEnvSchema> };

export function loadServiceConfig(vars: Record<string, string | undefined>): ServiceConfig {
  return loadConfig("graph-service", vars, serviceEnvSchema, { version: pkg.version });
}
