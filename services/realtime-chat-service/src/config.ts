import { type BaseConfig, env, loadConfig } from "@nova/config";
import { writeLimitEnv } from "@nova/rate-limit";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };

/** What realtime-chat-service limits per account and per IP: key-bundle claims, new conversations, messages. */
export const CHAT_WRITE_ACTIONS = ["prekeys", "conversations", "messages"] as const;

/** Variables only realtime-chat-service reads (the shared ones are in @nova/config). */
export const serviceEnvSchema = z.object({
  /** identity-service's HTTP base URL; its JWKS verifies access tokens (REST and the socket's first frame). */
  IDENTITY_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8010"),
  /** user-service (Connect): recipients' `whoCanMessage` setting. */
  USER_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8011"),
  /** graph-service (Connect): follows (message requests) and blocks (refusals). */
  GRAPH_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8018"),
  /** How long an unacknowledged envelope is kept for its device before it is dropped. */
  CHAT_ENVELOPE_RETENTION: env.duration().default(30 * 24 * 3600 * 1000),
  /** Open WebSockets one account may hold across every instance (one per device, with headroom). */
  CHAT_MAX_SOCKETS_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(10),
  /** How often an open socket's token is checked again (revoked or expired → closed with 4401). */
  CHAT_SOCKET_RECHECK: env.duration().default(15_000),
  /** How often an authenticated socket is pinged (WebSocket ping; the client's pong or any frame counts as heard). */
  CHAT_HEARTBEAT_INTERVAL: env.duration().default(20_000),
  /** A socket heard from neither pong nor frame for this long is closed with 4408. */
  CHAT_IDLE_TIMEOUT: env.duration().default(60_000),
  /** Bytes buffered on a socket above which delivery pauses until it drains (backpressure). */
  CHAT_SOCKET_MAX_BUFFERED: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** RATE_LIMIT_PREKEYS, _CONVERSATIONS, _MESSAGES (and each _PER_IP): see @nova/rate-limit. */
  ...writeLimitEnv(CHAT_WRITE_ACTIONS),
});

export type ServiceConfig = BaseConfig & { extra: z.infer<typeof serviceEnvSchema> };

export function loadServiceConfig(vars: Record<string, string | undefined>): ServiceConfig {
  return loadConfig("realtime-chat-service", vars, serviceEnvSchema, { version: pkg.version });
}
