import { stitchingDirectives } from "@graphql-tools/stitching-directives";
import { bearerToken } from "@nova/auth";
import { toGraphQLError } from "@nova/errors";
import { runWithCallContext } from "@nova/rpc";
import { GraphQLError } from "graphql";
import { createSchema, createYoga } from "graphql-yoga";
import type { ServiceContext } from "../context.ts";
import type { Viewer } from "../domain/viewer.ts";
import { type SocialGraphqlContext, socialResolvers } from "./social-resolvers.ts";
import { socialTypeDefs } from "./social-type-defs.ts";

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
export function createSocialGraphql(ctx: ServiceContext) {
  const sdl = `${allStitchingDirectivesTypeDefs}\n${socialTypeDefs}\nextend type Query { _sdl: String! }`;
  const resolvers = socialResolvers(ctx);
  const schema = stitchingDirectivesValidator(
    createSchema<SocialGraphqlContext>({
      typeDefs: sdl,
      resolvers: { ...resolvers, Query: { ...resolvers.Query, _sdl: () => sdl } },
    }),
  );
  const yoga = createYoga<Record<string, never>, SocialGraphqlContext>({
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
  return {
    // The caller's token goes along to content-service (visibility is decided for this viewer).
    handle: (request: Request) =>
      runWithCallContext(
        {
          authorization: request.headers.get("authorization") ?? undefined,
          traceparent: request.headers.get("traceparent") ?? undefined,
        },
        () => yoga.fetch(request),
      ),
  };
}
