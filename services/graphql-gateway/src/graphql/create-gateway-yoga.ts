import type { AuthContext } from "@nova/auth";
import {
  DEFAULT_OPERATION_LIMITS,
  type OperationLimits,
  useInputHygiene,
  useOperationSafety,
} from "@nova/subschema";
import type { GraphQLSchema } from "graphql";
import { createYoga, type Plugin, type YogaLogger } from "graphql-yoga";
import type { CostBudget } from "./create-cost-budget.ts";
import { createRequestSlots } from "./create-request-slots.ts";
import { createSubschemaRegistry } from "./create-subschema-registry.ts";
import type { UpstreamHeadersContext } from "./create-upstream-executor.ts";
import type { FetchImpl, GatewayLog, SubschemaStatus, Upstream } from "./gateway-types.ts";
import { createGatewayErrorMasker } from "./mask-gateway-error.ts";
import { createOfflineGraphiQL } from "./render-offline-graphiql.ts";
import { createStaffSchemaFilter } from "./staff-only-schema.ts";
import { useAnonymousIntrospectionGuard } from "./use-anonymous-introspection-guard.ts";
import { type PersistedOperationsMode, usePersistedOperations } from "./use-persisted-operations.ts";
import { type SubscriptionGuardOptions, useSubscriptionGuards } from "./use-subscription-guards.ts";

/** Who is calling, as the edge verified it; joins the GraphQL context through `handle`. */
export interface CallerContext {
  caller?: {
    accountId?: string | undefined;
    service?: string | undefined;
    ip?: string | undefined;
    /** The verified end-user token, re-checked while a subscription is open. */
    auth?: AuthContext | undefined;
  };
}

export const GRAPHQL_ENDPOINT = "/graphql";

export interface GatewayYogaOptions {
  upstreams: readonly Upstream[];
  /** Reported by `{ gateway { version } }`. */
  version: string;
  log: GatewayLog;
  fetchImpl?: FetchImpl;
  /** Serve GraphiQL on `GET /graphql` with `Accept: text/html`. */
  graphiql: boolean;
  /** Re-discover subschemas this often; no polling when unset. */
  pollIntervalMs?: number;
  limits?: Partial<OperationLimits>;
  sdlTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** The gateway's service token for an upstream: a service's /graphql answers only the gateway. */
  serviceToken?: (audience: string) => Promise<string>;
  /**
   * Production: no anonymous introspection, no upstream URLs or failure reasons in
   * `{ gateway { subschemas } }`. (GraphiQL is `graphiql`; persisted operations `persisted`.)
   */
  production?: boolean;
  /** APQ (development) or the build-time allow-list (production); none when unset. */
  persisted?: PersistedOperationsMode;
  /** Per-minute cost budget per account / IP, charged before an operation runs. */
  budget?: CostBudget;
  /** Most upstream calls one client request may have in flight (default 8). */
  maxUpstreamConcurrency?: number;
  /** Per-account cap and revocation checks of open subscriptions. */
  subscriptions?: SubscriptionGuardOptions;
}

/** The gateway's GraphQL endpoint: a fetch handler plus control over subschema discovery. */
export interface GatewayYoga {
  /**
   * Answers requests to `/graphql` (anything else is 404). `serverContext` joins the GraphQL
   * context; its `upstreamHeaders` are added to every upstream call.
   */
  handle(
    request: Request,
    serverContext?: UpstreamHeadersContext & CallerContext & Record<string, unknown>,
  ): Promise<Response>;
  /** Re-fetches the upstream SDLs and swaps the schema in when one changed. */
  refresh(): Promise<void>;
  /** The full stitched schema served now (staff-only fields included: non-staff get a pruned copy). */
  schema(): GraphQLSchema;
  status(): SubschemaStatus[];
  /** Stops polling and closes upstream connections. */
  stop(): void;
}

/**
 * Builds the gateway's yoga instance. It starts with only the gateway's own schema; call
 * `refresh()` once before listening to stitch whatever upstreams are up.
 */
export function createGatewayYoga(opts: GatewayYogaOptions): GatewayYoga {
  const registry = createSubschemaRegistry({
    upstreams: opts.upstreams,
    version: opts.version,
    log: opts.log,
    ...(opts.fetchImpl ? { fetchImpl: opts.fetchImpl } : {}),
    ...(opts.sdlTimeoutMs ? { sdlTimeoutMs: opts.sdlTimeoutMs } : {}),
    ...(opts.requestTimeoutMs ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
    ...(opts.serviceToken ? { serviceToken: opts.serviceToken } : {}),
    exposeInternals: !opts.production,
  });
  const graphiql = createOfflineGraphiQL();
  const budget = opts.budget;
  const maxUpstream = opts.maxUpstreamConcurrency ?? 8;
  const callerOf = (context: unknown) => (context as CallerContext | undefined)?.caller;
  const plugins: Plugin[] = [
    useInputHygiene(),
    // Before parsing: a hash-only request gets its text here (or is refused) first.
    ...(opts.persisted ? [usePersistedOperations(opts.persisted)] : []),
    useOperationSafety({
      limits: { ...DEFAULT_OPERATION_LIMITS, ...opts.limits },
      ...(budget
        ? {
            onCost: async ({ cost, context }) => {
              const caller = callerOf(context);
              // Services (internal tooling with a service credential) are not budgeted.
              if (caller?.service) return;
              await budget.charge(cost, { accountId: caller?.accountId, ip: caller?.ip });
            },
          }
        : {}),
    }),
    ...(opts.production
      ? [
          useAnonymousIntrospectionGuard((context) =>
            Boolean(callerOf(context)?.accountId ?? callerOf(context)?.service),
          ),
        ]
      : []),
    ...(opts.subscriptions ? [useSubscriptionGuards(opts.subscriptions)] : []),
    graphiql.plugin,
  ];
  const schemaForRoles = createStaffSchemaFilter();
  const yoga = createYoga({
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    // Read per request: a refresh replaces the whole schema, so a request sees the old or the new
    // one; staff-only fields only for tokens with their roles (staff-only-schema.ts).
    schema: (context) => schemaForRoles(registry.current(), callerOf(context)?.auth?.roles ?? []),
    graphiql: opts.graphiql
      ? { title: "Nova GraphQL", endpoint: GRAPHQL_ENDPOINT, defaultQuery: "{ gateway { version } }" }
      : false,
    renderGraphiQL: graphiql.render,
    landingPage: false,
    // Unexpected errors reach the client as "Unexpected error." with an errorId (details in the
    // log under that id), whatever NODE_ENV says; coded errors (domain, limits) pass as they are.
    maskedErrors: { isDev: false, maskError: createGatewayErrorMasker(opts.log) },
    logging: toYogaLogger(opts.log),
    // CORS belongs to the server's allow-list; yoga's default reflects any origin with credentials.
    cors: false,
    // The kit's edge bounds every /graphql body (1 MiB after decompression, `requestBody` in
    // @nova/server) before yoga sees it; yoga's own 25 MB limit would only re-stream each body
    // through a TransformStream into a new Request.
    maxRequestBodySize: false,
    plugins,
    // Per client request: the slots bounding its concurrent upstream calls.
    context: () => ({ upstreamSlots: createRequestSlots(maxUpstream) }),
  });
  const stopPolling = opts.pollIntervalMs ? registry.startPolling(opts.pollIntervalMs) : () => {};
  return {
    handle: async (request, serverContext) => await yoga.fetch(request, serverContext ?? {}),
    refresh: registry.refresh,
    schema: registry.current,
    status: registry.status,
    stop() {
      stopPolling();
      registry.dispose();
    },
  };
}

function toYogaLogger(log: GatewayLog): YogaLogger {
  const adapt =
    (write: GatewayLog["info"]) =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      const details = rest.filter((arg) => arg !== undefined);
      if (first instanceof Error) write("graphql request failed", { error: first, details });
      else write(String(first), details.length > 0 ? { details } : undefined);
    };
  // Called through the logger (a Logger's methods use `this`).
  return {
    debug: adapt((msg, fields) => log.debug(msg, fields)),
    info: adapt((msg, fields) => log.info(msg, fields)),
    warn: adapt((msg, fields) => log.warn(msg, fields)),
    error: adapt((msg, fields) => log.error(msg, fields)),
  };
}
