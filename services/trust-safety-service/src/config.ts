import { type BaseConfig, env, loadConfig } from "@nova/config";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };
import { RULE_NAMES, type RuleAction, type RuleName } from "./domain/rules/rule-types.ts";

const jsonOf = <T extends z.ZodType>(schema: T, fallback: z.infer<T>) =>
  z
    .string()
    .optional()
    .transform((raw, c): z.infer<T> => {
      if (raw === undefined || raw.trim() === "") return fallback;
      try {
        const parsed = schema.safeParse(JSON.parse(raw));
        if (parsed.success) return parsed.data;
        c.addIssue({ code: "custom", message: parsed.error.message });
      } catch (err) {
        c.addIssue({ code: "custom", message: `not JSON: ${(err as Error).message}` });
      }
      return z.NEVER;
    });

const list = () =>
  z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    );

/** The action of every rule unless TS_RULE_ACTIONS says otherwise. */
export const DEFAULT_RULE_ACTIONS: Record<RuleName, RuleAction> = {
  blocked_phrase: "reject",
  profanity: "label",
  blocked_domain: "reject",
  velocity: "hold",
  near_duplicate: "hold",
  mention_flood: "reject",
  hashtag_flood: "label",
  new_account_links: "hold",
  blocked_media: "reject",
};

const actionsSchema = z
  .partialRecord(z.enum(RULE_NAMES), z.enum(["off", "label", "hold", "reject"]))
  .transform((o) => ({ ...DEFAULT_RULE_ACTIONS, ...o }) as Record<RuleName, RuleAction | "off">);

/** Variables only trust-safety-service reads (the shared ones are in @nova/config). */
export const serviceEnvSchema = z.object({
  /** identity-service's HTTP base URL; its JWKS (`/.well-known/jwks.json`) verifies access tokens. */
  IDENTITY_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8010"),
  /** content-service (who wrote a reported post); default: the port convention. */
  CONTENT_SERVICE_URL: env.urlWith("http", "https").optional(),
  /** Blocked words and phrases per language, JSON: `{"en": ["buy followers"], "de": ["…"]}`. */
  TS_BLOCKED_PHRASES: jsonOf(z.record(z.string(), z.array(z.string().min(1))), {}),
  /** Blocked registrable domains, comma-separated (`evil.example` also blocks `a.b.evil.example`). */
  TS_BLOCKED_DOMAINS: list(),
  /** Per-rule action overrides, JSON: `{"profanity": "off", "near_duplicate": "reject"}`. */
  TS_RULE_ACTIONS: jsonOf(actionsSchema, { ...DEFAULT_RULE_ACTIONS }),
  /** Writes per account per minute before `velocity` fires. */
  TS_VELOCITY_PER_MINUTE: env.positiveInt().default(10),
  /** Accounts younger than this are "new" (stricter velocity, links held). */
  TS_NEW_ACCOUNT_AGE: env.duration().default(24 * 3_600_000),
  /** Writes per minute for a new account before `velocity` fires. */
  TS_NEW_ACCOUNT_PER_MINUTE: env.positiveInt().default(5),
  /** How long texts are remembered for near-duplicate detection. */
  TS_DUPLICATE_WINDOW: env.duration().default(10 * 60_000),
  /** Near-duplicates of one text (any accounts) allowed in the window before `near_duplicate` fires. */
  TS_DUPLICATE_MAX: env.positiveInt().default(3),
  /** Mentions in one text before `mention_flood` fires. */
  TS_MAX_MENTIONS: env.positiveInt().default(8),
  /** Hashtags in one text before `hashtag_flood` fires. */
  TS_MAX_HASHTAGS: env.positiveInt().default(10),
  /** Bits an image's 64-bit dHash may differ from a blocklisted one and still match (`blocked_media`). */
  TS_MEDIA_HASH_MAX_DISTANCE: z.coerce.number().int().min(0).max(32).default(10),
  /** How often each replica re-reads the hash blocklist (its own changes apply at once). */
  TS_MEDIA_HASH_REFRESH: env.duration().default(30_000),
  /** A case older than this is past its SLA (shown in the queue). */
  TS_CASE_SLA: env.duration().default(24 * 3_600_000),
  /** How often actions past their duration are lifted. */
  TS_EXPIRY_SWEEP_INTERVAL: env.duration().default(30_000),
});

export type ServiceConfig = BaseConfig & { extra: z.infer<typeof serviceEnvSchema> };

export function loadServiceConfig(env: Record<string, string | undefined>): ServiceConfig {
  return loadConfig("trust-safety-service", env, serviceEnvSchema, { version: pkg.version });
}
