import { type BaseConfig, env, loadConfig } from "@nova/config";
import { writeLimitEnv } from "@nova/rate-limit";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };

/** The writes content-service limits per account and per IP. */
export const CONTENT_WRITE_ACTIONS = ["posts", "comments"] as const;

/** Variables only content-service reads (the shared ones are in @nova/config). */
export const serviceEnvSchema = z.object({
  /** identity-service's HTTP base URL; its JWKS (`/.well-known/jwks.json`) verifies access tokens. */
  IDENTITY_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8010"),
  /** user-service (mentions → ids, private-account flags); default: the port convention. */
  USER_SERVICE_URL: env.urlWith("http", "https").optional(),
  /** graph-service (follow and block checks); default: the port convention. */
  GRAPH_SERVICE_URL: env.urlWith("http", "https").optional(),
  /** media-service (attach media to posts, media objects in views); default: the port convention. */
  MEDIA_SERVICE_URL: env.urlWith("http", "https").optional(),
  /** How often the scheduled-post publisher looks for due posts. */
  SCHEDULED_POST_POLL_INTERVAL: env.duration().default(1_000),
  /** Longest post text, in grapheme clusters (what people count as characters). */
  POST_MAX_LENGTH: env.positiveInt().default(500),
  /** trust-safety-service (Check before publishing); default: the port convention. */
  TRUST_SAFETY_SERVICE_URL: env.urlWith("http", "https").optional(),
  /** How long a write waits for trust-safety's Check before the fail mode applies. */
  MODERATION_CHECK_TIMEOUT: env.duration().default(300),
  /** trust-safety unreachable: publish and queue a re-check (default), or refuse the write (503). */
  MODERATION_FAIL_MODE: z.enum(["publish_and_recheck", "reject"]).default("publish_and_recheck"),
  /** How often posts published without a verdict are re-checked. */
  MODERATION_RECHECK_INTERVAL: env.duration().default(5_000),
  /** RATE_LIMIT_POSTS(_PER_IP), RATE_LIMIT_COMMENTS(_PER_IP): see @nova/rate-limit. */
  ...writeLimitEnv(CONTENT_WRITE_ACTIONS),
});

export type ServiceConfig = BaseConfig & { extra: z.infer<typeof serviceEnvSchema> };

export function loadServiceConfig(vars: Record<string, string | undefined>): ServiceConfig {
  return loadConfig("content-service", vars, serviceEnvSchema, { version: pkg.version });
}
