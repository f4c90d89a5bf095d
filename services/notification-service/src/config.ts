import { type BaseConfig, env, loadConfig } from "@nova/config";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };

const optionalText = z.string().min(1).optional();

/** Variables only notification-service reads (the shared ones are in @nova/config). */
export const serviceEnvSchema = z.object({
  /** identity-service's HTTP base URL; its JWKS (`/.well-known/jwks.json`) verifies access tokens. */
  IDENTITY_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8010"),
  /** graph-service (Connect): blocks, mutes, follows between a recipient and an actor. */
  GRAPH_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8018"),
  /** content-service (Connect): whether a post a notification points at is public. */
  CONTENT_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8012"),
  /** user-service (Connect): actors' profiles, hydrated at read time. */
  USER_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8011"),
  /** Open notification streams (SSE + GraphQL subscriptions) one account may hold across replicas. */
  NOTIFICATION_STREAMS_PER_ACCOUNT: z.coerce.number().int().min(1).max(100).default(5),
  /** Notifications older than this are deleted by the retention job. */
  NOTIFICATION_RETENTION: env.duration().default(90 * 24 * 3_600_000),
  /** Pushes one account receives per minute at most (each device/subscription counts once per push). */
  NOTIFICATION_PUSH_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  /** VAPID key pair (base64url, from `web-push generate-vapid-keys`); unset in dev: made and kept under NOVA_DATA_DIR. */
  WEB_PUSH_VAPID_PUBLIC_KEY: optionalText,
  WEB_PUSH_VAPID_PRIVATE_KEY: optionalText,
  /** The VAPID `sub` claim: a mailto: or https: contact for push services. */
  WEB_PUSH_VAPID_SUBJECT: z.string().min(1).default("mailto:push@nova.invalid"),
  /** APNs: the `.p8` signing key file, its key id and the team id; unset: no APNs delivery. */
  APNS_KEY_PATH: optionalText,
  APNS_KEY_ID: optionalText,
  APNS_TEAM_ID: optionalText,
  /** The app's bundle id (`apns-topic`) unless a device registered another. */
  APNS_TOPIC: optionalText,
  APNS_URL: env.urlWith("http", "https").default("https://api.push.apple.com"),
  /** FCM: the service-account JSON file (project_id, client_email, private_key, token_uri); unset: no FCM. */
  FCM_SERVICE_ACCOUNT_PATH: optionalText,
  FCM_URL: env.urlWith("http", "https").default("https://fcm.googleapis.com"),
  /** Public base URL of this service's REST API (the digest's one-click unsubscribe link points here). */
  NOTIFICATION_PUBLIC_URL: env.urlWith("http", "https").default("http://127.0.0.1:8015"),
  /** HMAC key (≥32 chars) signing unsubscribe links; unset in dev: made and kept under NOVA_DATA_DIR. */
  NOTIFICATION_UNSUBSCRIBE_KEY: z.string().min(32).optional(),
  /** Most notifications listed in one digest email. */
  NOTIFICATION_DIGEST_ITEMS: z.coerce.number().int().min(1).max(100).default(20),
});

export type ServiceConfig = BaseConfig & { extra: z.infer<typeof serviceEnvSchema> };

export function loadServiceConfig(vars: Record<string, string | undefined>): ServiceConfig {
  return loadConfig("notification-service", vars, serviceEnvSchema, { version: pkg.version });
}

/** Loopback `http` push endpoints are accepted only outside production and staging (the laptop flow). */
export const allowsLoopbackPush = (config: ServiceConfig) =>
  config.service.env !== "production" && config.service.env !== "staging";
