import { type BaseConfig, env, loadConfig } from "@nova/config";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };

/** Variables only user-service reads (the shared ones are in @nova/config). */
export const serviceEnvSchema = z.object({
  /** identity-service's HTTP base URL; its JWKS (`/.well-known/jwks.json`) verifies access tokens. */
  IDENTITY_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8010"),
  /** media-service (avatar/banner checks and URLs); default: the port convention. */
  MEDIA_SERVICE_URL: env.urlWith("http", "https").optional(),
  /** How long a looked-up profile is served from cache (every change invalidates it at once). */
  PROFILE_CACHE_TTL: env.duration().default(300_000),
  /** trust-safety-service (Check on display name, bio and username changes); default: the port convention. */
  TRUST_SAFETY_SERVICE_URL: env.urlWith("http", "https").optional(),
  /** How long a profile change waits for trust-safety's Check. */
  PROFILE_CHECK_TIMEOUT: env.duration().default(300),
  /**
   * When Check does not answer in time: `reject` refuses the change with 503 (default, fail closed);
   * `allow` saves it, logged and counted in moderation_check_unanswered_total{fail_mode="allow"}.
   */
  PROFILE_CHECK_FAIL_MODE: z.enum(["reject", "allow"]).default("reject"),
});

export type ServiceConfig = BaseConfig & { extra: z.infer<typeof serviceEnvSchema> };

export function loadServiceConfig(vars: Record<string, string | undefined>): ServiceConfig {
  return loadConfig("user-service", vars, serviceEnvSchema, { version: pkg.version });
}
