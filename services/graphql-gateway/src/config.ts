import { type BaseConfig, env, loadConfig, SERVICES } from "@nova/config";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };

/** `USER_SERVICE_URL`, `FEATURE_STORE_URL`, …: where each upstream's HTTP port is. */
export const upstreamUrlVariable = (service: string) => `${service.replaceAll("-", "_").toUpperCase()}_URL`;

const upstreams = SERVICES.filter((s) => s.name !== "graphql-gateway");

export const serviceEnvSchema = z.object({
  GATEWAY_SUBSCHEMA_POLL_INTERVAL: env.duration().default(15_000),
  GATEWAY_MAX_QUERY_DEPTH: env.positiveInt(100).default(12),
  GATEWAY_MAX_QUERY_FIELDS: env.positiveInt(100_000).default(1000),
  GATEWAY_MAX_QUERY_ALIASES: env.positiveInt(10_000).default(50),
  GATEWAY_MAX_QUERY_DIRECTIVES: env.positiveInt(10_000).default(50),
  GATEWAY_MAX_QUERY_TOKENS: env.positiveInt(1_000_000).default(10_000),
  GATEWAY_MAX_QUERY_COST: env.positiveInt(10_000_000).default(5_000),
  GATEWAY_COST_PER_ACCOUNT_PER_MINUTE: env.positiveInt(100_000_000).default(100_000),
  GATEWAY_COST_PER_IP_PER_MINUTE: env.positiveInt(100_000_000).default(50_000),
  GATEWAY_MAX_UPSTREAM_CONCURRENCY: env.positiveInt(1_000).default(8),
  GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER: env.positiveInt(1_000).default(5),
  /** /metrics on a listener of its own, not exposed by the k8s Service (production default 9000). */
  GATEWAY_INTERNAL_PORT: env.port().optional(),
  /**
   * How long a signed-out query's answer is served from the gateway's memory (0: never). Kept fresh
   * by the services' events, so it needs an event stream (KAFKA_BROKERS); without one it is off.
   */
  GATEWAY_RESPONSE_CACHE_TTL: env.duration().default(10_000),
  /** Bound on the answers held per instance (bytes). */
  GATEWAY_RESPONSE_CACHE_MAX_BYTES: env.positiveInt(4_294_967_296).default(67_108_864),
  /** The allow-list `bun run graphql:persist` writes; production runs only its operations. */
  GATEWAY_PERSISTED_MANIFEST: z.string().optional(),
  ...Object.fromEntries(
    upstreams.map((s) => [upstreamUrlVariable(s.name), env.urlWith("http", "https").optional()]),
  ),
});

export type ServiceConfig = BaseConfig & {
  extra: z.infer<typeof serviceEnvSchema>;
  upstreams: { name: string; url: string }[];
};

export function loadServiceConfig(vars: Record<string, string | undefined>): ServiceConfig {
  const base = loadConfig("graphql-gateway", vars, serviceEnvSchema, { version: pkg.version });
  const extra = base.extra as Record<string, unknown>;
  return {
    ...base,
    upstreams: upstreams.map((s) => ({
      name: s.name,
      url: `${(extra[upstreamUrlVariable(s.name)] as string | undefined) ?? `http://127.0.0.1:${s.httpPort}`}/graphql`.replace(
        /\/graphql\/graphql$/,
        "/graphql",
      ),
    })),
  };
}
