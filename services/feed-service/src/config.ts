import { type BaseConfig, env, loadConfig } from "@nova/config";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };

/** Variables only feed-service reads (the shared ones are in @nova/config). */
export const serviceEnvSchema = z.object({
  /** identity-service's HTTP base URL; its JWKS (`/.well-known/jwks.json`) verifies access tokens. */
  IDENTITY_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8010"),
  /** graph-service's HTTP base URL (Connect): followers for fan-out, following for read-time merge. */
  GRAPH_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8018"),
  /** content-service's HTTP base URL (Connect): posts are hydrated there, with the viewer's token. */
  CONTENT_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8012"),
  /** social-service's HTTP base URL (Connect): engagement counts and viewer state of a page. */
  SOCIAL_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8013"),
  /** user-service's HTTP base URL (Connect): the profiles of a REST page's authors. */
  USER_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8011"),
  /** ranking-service's HTTP base URL (Connect): orders the for-you candidates. */
  RANKING_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8021"),
  /** analytics-service's HTTP base URL (Connect): the impressions of served for-you pages are logged there. */
  ANALYTICS_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8017"),
  /** media-service's HTTP base URL (Connect): media objects of a page's posts. */
  MEDIA_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8014"),
  /** How long for-you waits for ranking before serving chronological order (and saying so). */
  FEED_RANKING_DEADLINE: env.duration().default(250),
  /** Authors with at least this many followers are merged at read time instead of fanned out on write. */
  FEED_FANOUT_THRESHOLD: z.coerce.number().int().min(0).default(10_000),
  /** Entries kept per home timeline (oldest trimmed first). */
  FEED_TIMELINE_CAP: z.coerce.number().int().min(1).max(100_000).default(800),
  /** Recent posts kept as explore's trending candidates (newest first; older than 72 h drop out anyway). */
  FEED_TRENDING_CAP: z.coerce.number().int().min(1).max(100_000).default(2_000),
  /** Candidates for-you sends to ranking (following + friends-of-friends + trending); ranking takes ≤1000. */
  FEED_FOR_YOU_CANDIDATES: z.coerce.number().int().min(1).max(1_000).default(500),
  /** Recent posts of a newly followed author copied into the follower's timeline. */
  FEED_BACKFILL_POSTS: z.coerce.number().int().min(0).max(100).default(20),
  /** Open "new posts" streams (REST SSE + GraphQL subscriptions) one replica holds; more get a 503. */
  FEED_UPDATES_MAX_STREAMS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** Open "new posts" streams one account may hold across every replica; one more gets a 429. */
  FEED_UPDATES_MAX_STREAMS_PER_ACCOUNT: z.coerce.number().int().min(1).max(1_000).default(5),
});

export type ServiceConfig = BaseConfig & { extra: z.infer<typeof serviceEnvSchema> };

export function loadServiceConfig(vars: Record<string, string | undefined>): ServiceConfig {
  return loadConfig("feed-service", vars, serviceEnvSchema, { version: pkg.version });
}
