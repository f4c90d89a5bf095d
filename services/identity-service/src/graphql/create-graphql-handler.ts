import { stitchingDirectives } from "@graphql-tools/stitching-directives";
import { bearerToken } from "@nova/auth";
import { toGraphQLError } from "@nova/errors";
import { currentClientIp } from "@nova/server";
import { requireGatewayCaller, useInputHygiene, useOperationSafety } from "@nova/subschema";
import { createSchema, createYoga } from "graphql-yoga";
import type { ServiceContext } from "../context.ts";
import { accountDataResolvers } from "./account-data-resolvers.ts";
import { accountDataTypeDefs } from "./account-data-type-defs.ts";
import { type GraphqlContext, identityResolvers } from "./identity-resolvers.ts";
import { identityTypeDefs } from "./identity-type-defs.ts";

const { allStitchingDirectivesTypeDefs, stitchingDirectivesValidator } = stitchingDirectives();

/**
 * The subschema served at /graphql, with `_sdl` for the gateway's discovery. The token is checked
 * per request (a bad one fails the whole request, a missing one leaves `auth` undefined for the
 * domain verbs to refuse where needed). Only the gateway's service credential is accepted, and
 * the gateway's operation limits hold here too.
 */
export function createGraphqlHandler(ctx: ServiceContext) {
  const sdl = `${allStitchingDirectivesTypeDefs}\n${identityTypeDefs}\n${accountDataTypeDefs}\nextend type Query { _sdl: String! }`;
  const own = identityResolvers(ctx);
  const data = accountDataResolvers(ctx);
  const resolvers = {
    ...own,
    Query: { ...own.Query, ...data.Query },
    Mutation: { ...own.Mutation, ...data.Mutation },
    Account: { ...own.Account, ...data.Account },
  };
  const schema = stitchingDirectivesValidator(
    createSchema<GraphqlContext>({
      typeDefs: sdl,
      resolvers: { ...resolvers, Query: { ...resolvers.Query, _sdl: () => sdl } },
    }),
  );
  const yoga = createYoga<Record<string, never>, GraphqlContext>({
    schema,
    logging: false,
    graphiql: false,
    landingPage: false,
    // CORS belongs to the server's allow-list; yoga's default reflects any origin with credentials.
    cors: false,
    plugins: [useInputHygiene(), useOperationSafety()],
    maskedErrors: {
      maskError: (err) => toGraphQLError((err as { originalError?: unknown }).originalError ?? err),
    },
    context: async ({ request }) => {
      const token = bearerToken(request.headers.get("authorization"));
      return {
        auth: token ? await ctx.verifier.verify(token) : undefined,
        meta: { ip: currentClientIp() ?? "", userAgent: request.headers.get("user-agent") ?? "" },
        authorization: request.headers.get("authorization") ?? "",
      };
    },
  });
  return async (request: Request) => {
    // Only the gateway may call a service's /graphql (its service credential), like every subschema.
    await requireGatewayCaller(request, ctx.identity);
    return yoga.fetch(request);
  };
}
