import { stitchingDirectives } from "@graphql-tools/stitching-directives";
import { bearerToken } from "@nova/auth";
import { runWithCallContext } from "@nova/rpc";
import { createSchema, createYoga } from "graphql-yoga";
import { maskError } from "./mask-error.ts";
import { useInputHygiene } from "./use-input-hygiene.ts";

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
}

/**
 * The subschema a service serves at /graphql: its SDL plus `_sdl` for the gateway's discovery,
 * validated stitching directives, the viewer from the bearer token, and errors mapped once. Each
 * request runs in the RPC call context, so resolvers that call peers pass the caller's token on.
 */
export function createSubschema(opts: SubschemaOptions): { handle(request: Request): Promise<Response> } {
  const sdl = `${allStitchingDirectivesTypeDefs}\n${opts.typeDefs}\nextend type Query { _sdl: String! }`;
  const schema = stitchingDirectivesValidator(
    createSchema<SubschemaContext>({
      typeDefs: sdl,
      resolvers: { ...opts.resolvers, Query: { ...opts.resolvers.Query, _sdl: () => sdl } },
    }),
  );
  const yoga = createYoga<Record<string, never>, SubschemaContext>({
    schema,
    graphqlEndpoint: "/graphql",
    graphiql: false,
    landingPage: false,
    logging: false,
    maskedErrors: { maskError },
    // CORS belongs to the server's allow-list; yoga's default reflects any origin with credentials.
    cors: false,
    plugins: [useInputHygiene()],
    context: ({ request }) => {
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
    },
  });
  return {
    handle: async (request: Request) =>
      runWithCallContext(
        {
          authorization: request.headers.get("authorization") ?? undefined,
          traceparent: request.headers.get("traceparent") ?? undefined,
        },
        () => yoga.fetch(request),
      ),
  };
}
