import type { TokenVerifier } from "@nova/auth";
import { SERVICES } from "@nova/config";
import type { EventBus } from "@nova/events";
import {
  type BaseContext,
  type BaseContextOverrides,
  createBaseContext,
  createServiceCacheStore,
  createServiceTokenVerifier,
  startRevocationView,
} from "@nova/kit";
import { createStreamCap } from "@nova/rate-limit";
import type { ServiceConfig } from "./config.ts";
import type { AnonymousResponseCache } from "./graphql/anonymous-response-cache.ts";
import { createCostBudget, createGatewayYoga, type GatewayYoga } from "./graphql/index.ts";
import { loadPersistedMode } from "./graphql/load-persisted-mode.ts";
import { startResponseCache } from "./graphql/start-response-cache.ts";

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly gateway: GatewayYoga;
  /** Refuses a bad, expired or revoked token before any upstream is asked. */
  readonly verifier: TokenVerifier;
  /** APP_ENV production/staging: no GraphiQL, no anonymous introspection, allow-list, guarded ops. */
  readonly production: boolean;
  /** Signed-out queries' answers, kept fresh by the services' events; undefined when off. */
  readonly responseCache: AnonymousResponseCache | undefined;
}

/**
 * The gateway keeps no tables. At start it stitches whichever subschemas are up, then keeps
 * polling so services that start (or change their schema) later are picked up without a restart.
 */
export async function createContext(
  config: ServiceConfig,
  // `bus`: an event bus handed in (tests); otherwise Kafka when KAFKA_BROKERS is set.
  overrides?: BaseContextOverrides & { bus?: EventBus },
): Promise<ServiceContext> {
  const base = await createBaseContext(config, { schema: null, overrides });
  const production = isProduction(config);
  const x = config.extra;
  const store = await createServiceCacheStore(base);
  const revocations = (await startRevocationView(base)).view;
  const persisted = loadPersistedMode({ production, manifestPath: x.GATEWAY_PERSISTED_MANIFEST });
  const gateway = createGatewayYoga({
    upstreams: config.upstreams,
    version: config.service.version,
    log: base.log,
    graphiql: !production,
    production,
    persisted,
    pollIntervalMs: x.GATEWAY_SUBSCHEMA_POLL_INTERVAL,
    serviceToken: (audience) => base.identity.tokenFor(audience),
    limits: {
      maxDepth: x.GATEWAY_MAX_QUERY_DEPTH,
      maxFields: x.GATEWAY_MAX_QUERY_FIELDS,
      maxAliases: x.GATEWAY_MAX_QUERY_ALIASES,
      maxDirectives: x.GATEWAY_MAX_QUERY_DIRECTIVES,
      maxTokens: x.GATEWAY_MAX_QUERY_TOKENS,
      maxCost: x.GATEWAY_MAX_QUERY_COST,
    },
    budget: createCostBudget({
      store,
      limits: {
        perAccountPerMinute: x.GATEWAY_COST_PER_ACCOUNT_PER_MINUTE,
        perIpPerMinute: x.GATEWAY_COST_PER_IP_PER_MINUTE,
      },
      onError: (error) =>
        base.log.warn("graphql cost budget: cache unavailable, request let through", { error }),
    }),
    maxUpstreamConcurrency: x.GATEWAY_MAX_UPSTREAM_CONCURRENCY,
    subscriptions: {
      revocations,
      cap: createStreamCap({
        store,
        prefix: "nova:graphql-gateway:streams:",
        limit: x.GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER,
        onError: (error) => base.log.warn("graphql subscription cap: cache unavailable", { error }),
      }),
    },
  });
  await gateway.refresh();
  base.onClose(() => gateway.stop());
  const manifest = persisted.mode === "allow-list" ? persisted.manifest.operations : undefined;
  const responseCache = await startResponseCache(base, {
    store,
    bus: overrides?.bus,
    ttlMs: x.GATEWAY_RESPONSE_CACHE_TTL,
    maxBytes: x.GATEWAY_RESPONSE_CACHE_MAX_BYTES,
    persistedText: (hash) => (manifest && Object.hasOwn(manifest, hash) ? manifest[hash] : undefined),
    schema: gateway.schema,
  });
  const internalPort = x.GATEWAY_INTERNAL_PORT ?? (production ? INTERNAL_PORT : undefined);
  if (internalPort !== undefined) {
    const internal = startInternalListener(base, internalPort);
    base.onClose(() => internal.stop(true));
  }
  const identity =
    config.upstreams.find((u) => u.name === "identity-service")?.url ?? "http://127.0.0.1:8010";
  const verifier = createServiceTokenVerifier(base, identity, { revocations });
  return { ...base, gateway, verifier, production, responseCache };
}

/** The internal listener's port in production (SERVICES' internalPort for the gateway). */
const INTERNAL_PORT = SERVICES.find((s) => s.name === "graphql-gateway")?.internalPort ?? 9000;

/**
 * The internal listener: /metrics for the scraper (k8s: the pod's `internal` port, not in the
 * Service; compose: not published), so the public port can refuse /metrics and /docs.
 */
function startInternalListener(base: BaseContext<ServiceConfig>, port: number) {
  return Bun.serve({
    hostname: "0.0.0.0",
    port,
    fetch: async (request) =>
      new URL(request.url).pathname === "/metrics"
        ? new Response(await base.metrics.render(), { headers: { "content-type": base.metrics.contentType } })
        : new Response("not found", { status: 404 }),
  });
}

/** Production and staging run the production mode (docs/… and README "Production mode"). */
export function isProduction(config: ServiceConfig): boolean {
  return config.service.env === "production" || config.service.env === "staging";
}
