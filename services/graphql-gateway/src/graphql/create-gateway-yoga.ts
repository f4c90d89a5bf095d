import type { AuthContext } from "@nova/auth";
import {
  createKnownDocumentPath,
  createOperationGuard,
  DEFAULT_OPERATION_LIMITS,
  type GraphQLParams,
  type OperationLimits,
  useInputHygiene,
  useOperationSafety,
} from "@nova/subschema";
import type { GraphQLSchema, ValidationRule } from "graphql";
import { createYoga, type Plugin, type YogaLogger } from "graphql-yoga";
import type { CostBudget } from "./create-cost-budget.ts";
import { createRequestSlots } from "./create-request-slots.ts";
import { createSubschemaRegistry } from "./create-subschema-registry.ts";
import type { UpstreamHeadersContext } from "./create-upstream-executor.ts";
import type { FetchImpl, GatewayLog, SubschemaStatus, Upstream } from "./gateway-types.ts";
import { createGatewayErrorMasker } from "./mask-gateway-error.ts";
import { createOfflineGraphiQL } from "./render-offline-graphiql.ts";
import { createStaffSchemaFilter } from "./staff-only-schema.ts";
import {
  anonymousIntrospectionRule,
  useAnonymousIntrospectionGuard,
} from "./use-anonymous-introspection-guard.ts";
import {
  createPersistedOperations,
  type PersistedOperationsMode,
  usePersistedOperations,
} from "./use-persisted-operations.ts";
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
  /**
   * Serve plainly valid POSTs of known documents (or persisted hashes) without yoga's pipeline
   * (default true; every rule applied alike, known-document-path.ts). False sends everything
   * through yoga: for tests that compare the two.
   */
  knownDocumentPath?: boolean;
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
  /** Requests answered so far by the lean path (known documents) and by yoga. */
  answered(): { lean: number; yoga: number };
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
  // Each rule is written once and applied by both paths: yoga's plugins and the lean path.
  const resolvePersisted = opts.persisted ? createPersistedOperations(opts.persisted) : undefined;
  const guard = createOperationGuard<unknown>({
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
  });
  const isIdentified = (context: unknown) =>
    Boolean(callerOf(context)?.accountId ?? callerOf(context)?.service);
  const plugins: Plugin[] = [
    useInputHygiene(),
    // Before parsing: a hash-only request gets its text here (or is refused) first.
    ...(resolvePersisted ? [usePersistedOperations(resolvePersisted)] : []),
    useOperationSafety({}, guard),
    ...(opts.production ? [useAnonymousIntrospectionGuard(isIdentified)] : []),
    ...(opts.subscriptions ? [useSubscriptionGuards(opts.subscriptions)] : []),
    graphiql.plugin,
  ];
  const schemaForRoles = createStaffSchemaFilter();
  const schemaFor = (context: unknown) =>
    schemaForRoles(registry.current(), callerOf(context)?.auth?.roles ?? []);
  const maskError = createGatewayErrorMasker(opts.log);
  const requestContext = () => ({ upstreamSlots: createRequestSlots(maxUpstream) });
  const yoga = createYoga({
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    // Read per request: a refresh replaces the whole schema, so a request sees the old or the new
    // one; staff-only fields only for tokens with their roles (staff-only-schema.ts).
    schema: schemaFor,
    graphiql: opts.graphiql
      ? { title: "Nova GraphQL", endpoint: GRAPHQL_ENDPOINT, defaultQuery: "{ gateway { version } }" }
      : false,
    renderGraphiQL: graphiql.render,
    landingPage: false,
    // Unexpected errors reach the client as "Unexpected error." with an errorId (details in the
    // log under that id), whatever NODE_ENV says; coded errors (domain, limits) pass as they are.
    maskedErrors: { isDev: false, maskError },
    logging: toYogaLogger(opts.log),
    // CORS belongs to the server's allow-list; yoga's default reflects any origin with credentials.
    cors: false,
    // The kit's edge bounds every /graphql body (1 MiB after decompression, `requestBody` in
    // @nova/server) before yoga sees it; yoga's own 25 MB limit would only re-stream each body
    // through a TransformStream into a new Request.
    maxRequestBodySize: false,
    plugins,
    // Per client request: the slots bounding its concurrent upstream calls.
    context: requestContext,
  });
  const anonymousRules: readonly ValidationRule[] = [anonymousIntrospectionRule];
  const noRules: readonly ValidationRule[] = [];
  const lean =
    opts.knownDocumentPath === false
      ? undefined
      : createKnownDocumentPath<Record<string, unknown>>({
          schema: schemaFor,
          guard,
          maskError: (error) => maskError(error, MASKED_MESSAGE),
          ...(opts.production
            ? { extraRules: (context) => (isIdentified(context) ? noRules : anonymousRules) }
            : {}),
          ...(resolvePersisted
            ? { resolveParams: (params) => resolvePersisted(params) as GraphQLParams }
            : {}),
        });
  const answered = { lean: 0, yoga: 0 };
  const serve = async (request: Request, serverContext: Record<string, unknown>) => {
    // The lean path serves POSTs to the endpoint itself (no query string); yoga everything else.
    const served =
      lean && request.method === "POST" && isEndpoint(request.url)
        ? await lean(request, (req, params) => ({
            ...serverContext,
            request: req,
            params,
            ...requestContext(),
          }))
        : request;
    if (served instanceof Response) {
      answered.lean++;
      return served;
    }
    answered.yoga++;
    return await yoga.fetch(served, serverContext);
  };
  const stopPolling = opts.pollIntervalMs ? registry.startPolling(opts.pollIntervalMs) : () => {};
  return {
    handle: (request, serverContext) => serve(request, serverContext ?? {}),
    refresh: registry.refresh,
    schema: registry.current,
    status: registry.status,
    answered: () => ({ ...answered }),
    stop() {
      stopPolling();
      registry.dispose();
    },
  };
}

/** yoga's message for a masked error (`maskedErrors.errorMessage`'s default). */
const MASKED_MESSAGE = "Unexpected error.";

const isEndpoint = (url: string) => {
  const parsed = new URL(url);
  return parsed.pathname === GRAPHQL_ENDPOINT && parsed.search === "";
};

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
