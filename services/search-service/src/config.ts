import { type BaseConfig, env, loadConfig } from "@nova/config";
import { writeLimitEnv } from "@nova/rate-limit";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };

/** The actions search-service limits per account and per IP (a signed-in search, first page). */
export const SEARCH_LIMITED_ACTIONS = ["searches"] as const;

/** Variables only search-service reads (the shared ones are in @nova/config). */
export const serviceEnvSchema = z.object({
  /** identity-service's HTTP base URL; its JWKS verifies access tokens. */
  IDENTITY_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8010"),
  /** user-service (Connect): a profile's display name, bio and avatar when ProfileCreated/Updated arrive. */
  USER_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8011"),
  /** social-service (Connect): a post's engagement counts when they change. */
  SOCIAL_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8013"),
  /** content-service (Connect): every published post and comment, read by `search:reindex` only. */
  CONTENT_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8012"),
  /** trust-safety-service (Connect): every enforcing action in force, read by `search:reindex` only. */
  TRUST_SAFETY_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8023"),
  /** graph-service (Connect): the viewer's follows, blocks and mutes, pushed into every query. */
  GRAPH_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8018"),
  /** Trends: the "now" window a hashtag's distinct accounts are counted in. */
  TRENDS_WINDOW: env.duration().default(15 * 60_000),
  /** Trends: the baseline a window is compared with (the time before the window). */
  TRENDS_BASELINE: env.duration().default(24 * 3_600_000),
  /** Trends: half-life of a use inside the window (time decay). */
  TRENDS_HALF_LIFE: env.duration().default(5 * 60_000),
  /** Trends: fewest distinct accounts in the window for a hashtag to trend. */
  TRENDS_MIN_ACCOUNTS: z.coerce.number().int().min(1).max(10_000).default(5),
  /** Elasticsearch base URL; unset → the embedded engine (PostgreSQL full-text search and pg_trgm). */
  ELASTICSEARCH_URL: env.urlWith("http", "https").optional(),
  /** Prefix of the Elasticsearch aliases (`<prefix>-accounts`, `<prefix>-documents`). */
  ELASTICSEARCH_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,40}$/)
    .default("nova-search"),
  /**
   * Analyzer of post text: "english" (stemming) needs the analysis-common module, which every
   * Elasticsearch distribution has except the integ-test build used by test:infra ("standard" there).
   */
  ELASTICSEARCH_TEXT_ANALYZER: z.enum(["english", "standard"]).default("english"),
  /**
   * "false" (production): writes become searchable within refresh_interval (1 s); "wait_for": each
   * sync returns once they are; "true": each sync refreshes at once (tests only: costly).
   */
  ELASTICSEARCH_SYNC_REFRESH: z.enum(["false", "wait_for", "true"]).default("false"),
  /**
   * How long this instance keeps a typeahead answer that does not depend on the viewer (hashtags;
   * accounts for anonymous viewers), in ms; 0 turns it off. Bounds how stale a suggestion may be.
   */
  SUGGEST_CACHE_TTL: env.duration().default(1_000),
  /** Recent searches kept per account. */
  RECENT_SEARCHES_KEPT: z.coerce.number().int().min(1).max(100).default(20),
  /** RATE_LIMIT_SEARCHES (and _PER_IP): see @nova/rate-limit. */
  ...writeLimitEnv(SEARCH_LIMITED_ACTIONS),
});

export type ServiceConfig = BaseConfig & { extra: z.infer<typeof serviceEnvSchema> };

export function loadServiceConfig(vars: Record<string, string | undefined>): ServiceConfig {
  return loadConfig("search-service", vars, serviceEnvSchema, { version: pkg.version });
}
