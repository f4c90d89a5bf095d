import { stitchingDirectives } from "@graphql-tools/stitching-directives";
import { bearerToken } from "@nova/auth";
import { toGraphQLError } from "@nova/errors";
import { GraphQLError } from "graphql";
import { createSchema, createYoga } from "graphql-yoga";
import type { ServiceContext } from "../context.ts";
import type { Viewer } from "../domain/viewer.ts";
import { type ContentGraphqlContext, contentResolvers } from "./content-resolvers.ts";
import { contentTypeDefs } from "./content-type-defs.ts";

const { allStitchingDirectivesTypeDefs, stitchingDirectivesValidator } = stitchingDirectives();

/** Domain errors keep their code (extensions.code); anything unexpected is masked as INTERNAL. */
function maskError(error: unknown): Error {
  if (!(error instanceof GraphQLError)) return toGraphQLError(error);
  if (!error.originalError || error.originalError instanceof GraphQLError) return error;
  const mapped = toGraphQLError(error.originalError);
  return new GraphQLError(mapped.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.path ? { path: error.path } : {}),
    extensions: mapped.extensions,
  });
}

/** The subschema served at /graphql, with `_sdl` for the gateway's discovery. */
export function createContentGraphql(ctx: ServiceContext) {
  const sdl = `${allStitchingDirectivesTypeDefs}\n${contentTypeDefs}\nextend type Query { _sdl: String! }`;
  const resolvers = contentResolvers(ctx);
  const schema = stitchingDirectivesValidator(
    createSchema<ContentGraphqlContext>({
      typeDefs: sdl,
      resolvers: { ...resolvers, Query: { ...resolvers.Query, _sdl: () => sdl } },
    }),
  );
  const yoga = createYoga<Record<string, never>, ContentGraphqlContext>({
    schema,
    graphqlEndpoint: "/graphql",
    graphiql: false,
    landingPage: false,
    logging: false,
    maskedErrors: { maskError },
    context: ({ request }) => {
      let viewer: Promise<Viewer> | undefined;
      return {
        viewer: () => {
          viewer ??= (async () => {
            const token = bearerToken(request.headers.get("authorization"));
            return token === undefined ? undefined : await ctx.verifier.verify(token);
          })();
          return viewer;
        },
        traceparent: request.headers.get("traceparent") ?? undefined,
      };
    },
  });
  return { handle: (request: Request) => yoga.fetch(request) };
}
