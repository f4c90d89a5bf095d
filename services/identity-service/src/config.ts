import { type BaseConfig, env, loadConfig } from "@nova/config";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };

/** Variables only identity-service reads (the shared ones, JWT_* and SMTP_* included, are in @nova/config). */
export const serviceEnvSchema = z.object({
  /** Lifetime of an access token; also how long a revoked session's last token may still verify elsewhere. */
  ACCESS_TOKEN_TTL: env.duration().default(900_000),
  /**
   * When the deletion saga erases a deleted account's data a second time (AccountDeleted with
   * `sweep`), after the first erasure. Unset → ACCESS_TOKEN_TTL + 1 min: past its last token's
   * expiry, so writes accepted from its tokens before the revocation reached a service go too.
   * Shorter values are for tests; in production keep it above ACCESS_TOKEN_TTL.
   */
  ACCOUNT_ERASURE_SWEEP_DELAY: env.duration().optional(),
  /** Lifetime of a refresh token (each refresh issues a new one). */
  REFRESH_TOKEN_TTL: env.duration().default(30 * 24 * 3_600_000),
  /**
   * Failed logins one address may make on one account (or one known device on its account) before
   * each further failure doubles a delay (1 s, 2 s, 4 s …). Never locks the account itself.
   */
  LOGIN_LOCKOUT_THRESHOLD: env.positiveInt(100).default(5),
  /** The longest such delay. */
  LOGIN_LOCKOUT_DURATION: env.duration().default(900_000),
  /** Failures on one account from unknown devices (any address) before new devices get the delay; known devices never do. */
  LOGIN_ACCOUNT_FAILURE_LIMIT: env.positiveInt(100_000).default(20),
  /** Failures from one address across accounts before that address gets the delay. */
  LOGIN_IP_FAILURE_LIMIT: env.positiveInt(100_000).default(100),
  /** How long failures are remembered. */
  LOGIN_FAILURE_WINDOW: env.duration().default(3_600_000),
  /** argon2id memory in KiB (OWASP minimum 19456 = 19 MiB) and iterations; see bench/auth.bench.ts. */
  PASSWORD_HASH_MEMORY_KIB: env.positiveInt(4_194_304).default(19_456),
  PASSWORD_HASH_ITERATIONS: env.positiveInt(100).default(2),
  /** Where links in emails point (the client app handling /verify-email and /reset-password). */
  PUBLIC_APP_URL: env.urlWith("http", "https").default("http://localhost:8000"),
  /** Requests per minute per IP on login, register, reset and 2FA (the per-account limits are fixed fractions). */
  AUTH_RATE_LIMIT_PER_MINUTE: env.positiveInt(100_000).default(30),
  /** OAuth/OIDC providers: issuer URL, client id and secret. Unset → the provider is off. */
  OAUTH_GOOGLE_ISSUER: env.urlWith("http", "https").default("https://accounts.google.com"),
  OAUTH_GOOGLE_CLIENT_ID: z.string().trim().min(1).optional(),
  OAUTH_GOOGLE_CLIENT_SECRET: z.string().trim().min(1).optional(),
  OAUTH_APPLE_ISSUER: env.urlWith("http", "https").default("https://appleid.apple.com"),
  OAUTH_APPLE_CLIENT_ID: z.string().trim().min(1).optional(),
  /** A static Apple client secret (a JWT made elsewhere), or the team key to make one: */
  OAUTH_APPLE_CLIENT_SECRET: z.string().trim().min(1).optional(),
  /** Apple's "Sign in with Apple" key (PKCS#8 PEM, ES256), inline or as a file; with the team and key ids. */
  OAUTH_APPLE_PRIVATE_KEY_PEM: env.pem().optional(),
  OAUTH_APPLE_PRIVATE_KEY_PATH: z.string().trim().min(1).optional(),
  OAUTH_APPLE_TEAM_ID: z.string().trim().min(1).optional(),
  OAUTH_APPLE_KEY_ID: z.string().trim().min(1).optional(),
  /** Where providers redirect back to: `<this>/api/v1/auth/oauth/<provider>/callback`. */
  OAUTH_REDIRECT_BASE_URL: env.urlWith("http", "https").default("http://localhost:8010"),
  /** Where a suspended account appeals (trust-safety's POST /api/v1/appeals, through the gateway in production). */
  APPEAL_URL: env.urlWith("http", "https").default("http://localhost:8023/api/v1/appeals"),
  /** How long a sign-up waits for trust-safety's Check on the username. */
  USERNAME_CHECK_TIMEOUT: env.duration().default(300),
  /**
   * What a sign-up does when trust-safety does not answer in time: `reject` (503, the default: a
   * username is public from the first second) or `allow` (registered; logged and counted in
   * moderation_check_unanswered_total either way).
   */
  USERNAME_CHECK_FAIL_MODE: z.enum(["reject", "allow"]).default("reject"),
  /** user-service's HTTP base URL (username availability for OAuth sign-ups, account export); unset → port convention. */
  USER_SERVICE_URL: env.urlWith("http", "https").optional(),
  /** The account export's other contributors (each one's ExportAccountData RPC); unset → port convention. */
  CONTENT_SERVICE_URL: env.urlWith("http", "https").optional(),
  SOCIAL_SERVICE_URL: env.urlWith("http", "https").optional(),
  GRAPH_SERVICE_URL: env.urlWith("http", "https").optional(),
  FEATURE_STORE_URL: env.urlWith("http", "https").optional(),
  RANKING_SERVICE_URL: env.urlWith("http", "https").optional(),
  REALTIME_CHAT_SERVICE_URL: env.urlWith("http", "https").optional(),
  NOTIFICATION_SERVICE_URL: env.urlWith("http", "https").optional(),
  TRUST_SAFETY_SERVICE_URL: env.urlWith("http", "https").optional(),
  ANALYTICS_SERVICE_URL: env.urlWith("http", "https").optional(),
  SEARCH_SERVICE_URL: env.urlWith("http", "https").optional(),
  /** media-service's HTTP base URL (Connect): its section of the account export; default: the port convention. */
  MEDIA_SERVICE_URL: env.urlWith("http", "https").optional(),
});

export type ServiceConfig = BaseConfig & { extra: z.infer<typeof serviceEnvSchema> };

export function loadServiceConfig(vars: Record<string, string | undefined>): ServiceConfig {
  return loadConfig("identity-service", vars, serviceEnvSchema, { version: pkg.version });
}
