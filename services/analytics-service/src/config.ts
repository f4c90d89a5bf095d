import { type BaseConfig, env, loadConfig } from "@nova/config";
import { parseRateWindows, rateWindows } from "@nova/rate-limit";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };
import { DEFAULT_FUNNELS, parseFunnels } from "./domain/funnel-definitions.ts";

/** Variables only analytics-service reads (the shared ones, CLICKHOUSE_URL included, are in @nova/config). */
export const serviceEnvSchema = z.object({
  /** identity-service's HTTP base URL; its JWKS (`/.well-known/jwks.json`) verifies access tokens. */
  IDENTITY_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8010"),
  /** ranking-service's HTTP base URL (Connect): its impression and feedback log is fed from here. */
  RANKING_SERVICE_URL: env.urlWith("http", "https").default("http://127.0.0.1:8021"),
  /** Prefix of analytics' ClickHouse tables (when CLICKHOUSE_URL is set); tests use their own. */
  ANALYTICS_CLICKHOUSE_PREFIX: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, "a ClickHouse table name prefix (lower case, digits, _)")
    .default("analytics_"),
  /** ClickHouse TTL of raw events, in days (rollups are kept). */
  ANALYTICS_EVENT_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(400),
  /** How far in the future a client event's occurredAt may be (device clocks drift). */
  ANALYTICS_MAX_FUTURE_SKEW: env.duration().default(5 * 60_000),
  /** How old a client event may be when it arrives (offline clients send late). */
  ANALYTICS_MAX_EVENT_AGE: env.duration().default(7 * 86_400_000),
  /**
   * The services the pipeline view reads `/metrics` from: `name=http://host:port` pairs, comma
   * separated. Empty: the embedded default's ports on 127.0.0.1 (see src/domain/pipeline-targets.ts).
   */
  ANALYTICS_PIPELINE_TARGETS: z.string().default(""),
  /**
   * IANA zones (comma separated) whose local days, weeks and months the embedded store keeps as
   * active-account memberships and counts, so a dashboard's first read in them is an index read
   * (ClickHouse: one uniq state per local day). UTC is always kept. A zone added here is backfilled
   * from the events (embedded: on the first read; ClickHouse: when the store opens).
   */
  ANALYTICS_ROLLUP_ZONES: z
    .string()
    .default("UTC")
    .transform((v, c) => {
      const zones = v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      for (const zone of zones)
        try {
          new Intl.DateTimeFormat("en-US", { timeZone: zone });
        } catch {
          c.addIssue({ code: "custom", message: `unknown time zone ${JSON.stringify(zone)}` });
        }
      return zones;
    }),
  /**
   * Funnels kept at ingest — the embedded store: per-day answers in every rollup zone, so that
   * their first read is an index read; ClickHouse: per zone and local start day bitmaps of actors.
   * `steps@window`, steps joined by `>`, the window in `h` or `m`, several separated by `;` (e.g.
   * `app_open>post_open>like@24h;signup>post@168h`); empty: none. Any other funnel (embedded: or
   * zone, or range) reads the events (exact, slower). A funnel added here is backfilled from the
   * events (embedded: on its first read; ClickHouse: when the store opens).
   */
  ANALYTICS_FUNNELS: z
    .string()
    .default(DEFAULT_FUNNELS)
    .transform((v, c) => {
      const { funnels, problems } = parseFunnels(v);
      for (const message of problems) c.addIssue({ code: "custom", message });
      return funnels;
    }),
  /**
   * Event batches (POST /api/v1/analytics/events) per anonymous device id, per signed-in account
   * and per client IP: `<limit>/<window>[,…]` (e.g. `30/1m,600/1h`) or `off`. Anonymous clients
   * can make up device ids, so the per-IP limit is what holds them; it is wider for clients behind
   * one NAT.
   */
  ANALYTICS_RATE_LIMIT_DEVICE: rateWindows().default(parseRateWindows("30/1m,600/1h")),
  ANALYTICS_RATE_LIMIT_ACCOUNT: rateWindows().default(parseRateWindows("30/1m,600/1h")),
  ANALYTICS_RATE_LIMIT_IP: rateWindows().default(parseRateWindows("120/1m,3000/1h")),
});

export type ServiceConfig = BaseConfig & { extra: z.infer<typeof serviceEnvSchema> };

export function loadServiceConfig(vars: Record<string, string | undefined>): ServiceConfig {
  return loadConfig("analytics-service", vars, serviceEnvSchema, { version: pkg.version });
}
