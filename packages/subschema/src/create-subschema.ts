import { stitchingDirectives } from "@graphql-tools/stitching-directives";
import { bearerToken } from "@nova/auth";
import { runWithCallContext } from "@nova/rpc";
import { createSchema, createYoga } from "graphql-yoga";
import { createKnownDocumentPath } from "./known-document-path.ts";
import { maskError } from "./mask-error.ts";
import { addRelayConnections, pageFromEdgeCursors, relayConnectionResolvers } from "./relay-connections.ts";
import {
  GATEWAY_SERVICE,
  requireGatewayCaller,
  type ServiceCredentialVerifier,
} from "./require-gateway-caller.ts";
import { useInputHygiene } from "./use-input-hygiene.ts";
import { createOperationGuard, type OperationLimits, useOperationSafety } from "./use-operation-safety.ts";

const { allStitchingDirectivesTypeDefs, stitchingDirectivesValidator } = stitchingDirectives();

/** Who is asking: the verified token's account, or undefined for an anonymous caller. */
export type SubschemaViewer = { readonly accountId: string } | undefined;

/** The GraphQL context every subschema's resolvers receive. */
export interface SubschemaContext {
  /** Verifies the bearer token once per request, on first use. */
  viewer(): Promise<SubschemaViewer>;
  traceparent: string | undefined;
}

export interface SubschemaOptions {
  /** The service's SDL, written with the stitching directives (`@key`, `@merge`, `@canonical`). */
  typeDefs: string;
  // biome-ignore lint/suspicious/noExplicitAny: resolver maps are typed by each service
  resolvers: Record<string, any>;
  verifier: { verify(token: string): Promise<{ accountId: string }> };
  /**
   * The service's identity (`ctx.identity`): the endpoint answers only requests carrying a service
   * token of one of `callers` (default: the gateway). Required: a subschema is never public.
   */
  identity: ServiceCredentialVerifier;
  callers?: readonly string[];
  /** The operation limits (default: the gateway's, DEFAULT_OPERATION_LIMITS). */
  limits?: Partial<OperationLimits>;
  /**
   * Serve plainly valid POSTs of known document texts without yoga's pipeline (default true; the
   * answers are the same, known-document-path.ts). False sends everything through yoga: for tests
   * that compare the two.
   */
  knownDocumentPath?: boolean;
}

/**
 * The subschema a service serves at /graphql: its SDL plus `_sdl` for the gateway's discovery,
 * validated stitching directives, the viewer from the bearer token, and errors mapped once. Only
 * the gateway may call it (its service credential), and the gateway's operation limits hold here
 * too. Each request runs in the RPC call context, so resolvers that call peers pass the caller's
 * token on.
 */
export function createSubschema(opts: SubschemaOptions): { handle(request: Request): Promise<Response> } {
  // Every nodes + nextCursor list also answers Relay's edges/pageInfo (relay-connections.ts).
  const relay = addRelayConnections(opts.typeDefs);
  const sdl = `${allStitchingDirectivesTypeDefs}\n${relay.typeDefs}\nextend type Query { _sdl: String! }`;
  const resolvers: Record<string, unknown> = { ...opts.resolvers };
  for (const [type, fields] of Object.entries(relayConnectionResolvers(relay)))
    resolvers[type] = { ...fields, ...opts.resolvers[type] };
  const schema = stitchingDirectivesValidator(
    createSchema<SubschemaContext>({
      typeDefs: sdl,
      resolvers: { ...resolvers, Query: { ...opts.resolvers.Query, _sdl: () => sdl } },
    }),
  );
  pageFromEdgeCursors(schema, relay);
  const context = (request: Request): SubschemaContext => {
    let viewer: Promise<SubschemaViewer> | undefined;
    return {
      viewer: () => {
        viewer ??= (async () => {
          const token = bearerToken(request.headers.get("authorization"));
          return token === undefined ? undefined : await opts.verifier.verify(token);
        })();
        return viewer;
      },
      traceparent: request.headers.get("traceparent") ?? undefined,
    };
  };
  // One guard for both paths: the same token cap, limits rule and cost check (no onCost here).
  const guard = createOperationGuard<SubschemaContext>(opts.limits ? { limits: opts.limits } : {});
  const yoga = createYoga<Record<string, never>, SubschemaContext>({
    schema,
    graphqlEndpoint: "/graphql",
    graphiql: false,
    landingPage: false,
    logging: false,
    maskedErrors: { maskError },
    // CORS belongs to the server's allow-list; yoga's default reflects any origin with credentials.
    cors: false,
    plugins: [useInputHygiene(), useOperationSafety({}, guard)],
    context: ({ request }) => context(request),
  });
  // The gateway's calls (the same few texts, POSTed as JSON): parsed, checked and validated once
  // per text; anything else, refusals included, is yoga's (known-document-path.ts).
  const lean =
    opts.knownDocumentPath === false ? undefined : createKnownDocumentPath({ schema, guard, maskError });
  return {
    handle: async (request: Request) => {
      await requireGatewayCaller(request, opts.identity, opts.callers ?? [GATEWAY_SERVICE]);
      return runWithCallContext(
        {
          authorization: request.headers.get("authorization") ?? undefined,
          traceparent: request.headers.get("traceparent") ?? undefined,
        },
        async () => {
          const served = lean
            ? await lean(request, (req, params) => ({ request: req, params, ...context(req) }))
            : request;
          return served instanceof Response ? served : yoga.fetch(served);
        },
      );
    },
  };
}
