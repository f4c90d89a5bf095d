import { type BaseConfig, env, loadConfig } from "@nova/config";
import { writeLimitEnv } from "@nova/rate-limit";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };

/** The writes social-service limits per account and per IP (each counts doing and undoing). */
export const SOCIAL_WRITE_ACTIONS = ["likes", "reposts", "bookmarks"] as const;

/** Variables only social-service reads (the shared ones are in @nova/config). */
export const serviceEnvSchema = z.object({
  /** identity-service's HTTP base URL; its JWKS (`/.well-known/jwks.json`) verifies access tokens. */
  IDENTITY_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8010"),
  /** content-service's HTTP base URL (Connect): every write checks the post exists and is visible. */
  CONTENT_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8012"),
  /** graph-service's HTTP base URL (Connect): blocked pairs may not engage with each other. */
  GRAPH_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8018"),
  /** How long a post's counters are served from cache (every change invalidates them at once). */
  ENGAGEMENT_CACHE_TTL: env.duration().default(60_000),
  /** RATE_LIMIT_LIKES, _REPOSTS, _BOOKMARKS (and each _PER_IP): see @nova/rate-limit. */
  ...writeLimitEnv(SOCIAL_WRITE_ACTIONS),
});

export type ServiceConfig = BaseConfig & { extra: z.infer<typeof serviceEnvSchema> };

export function loadServiceConfig(vars: Record<string, string | undefined>): ServiceConfig {
  return loadConfig("social-service", vars, serviceEnvSchema, { version: pkg.version });
}
