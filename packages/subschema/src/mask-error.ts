import { toGraphQLError } from "@nova/errors";
import { GraphQLError } from "graphql";

/** Domain errors keep their code (extensions.code); anything unexpected is masked as INTERNAL. */
export function maskError(error: unknown): Error {
  if (!(error instanceof GraphQLError)) return toGraphQLError(error);
  if (!error.originalError || error.originalError instanceof GraphQLError) return error;
  const mapped = toGraphQLError(error.originalError);
  return new GraphQLError(mapped.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.path ? { path: error.path } : {}),
    extensions: mapped.extensions,
  });
}
