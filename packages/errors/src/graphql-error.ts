import { GraphQLError } from "graphql";
import { DomainError } from "./domain-error.ts";

/** Maps a thrown value to a GraphQLError with `extensions.code` (upper-case, e.g. NOT_FOUND). */
export function toGraphQLError(err: unknown, requestId?: string): GraphQLError {
  if (err instanceof GraphQLError && err.extensions?.code) return err;
  if (err instanceof DomainError) {
    return new GraphQLError(err.message, {
      extensions: {
        code: err.code.toUpperCase(),
        ...(err.details.violations?.length ? { violations: err.details.violations } : {}),
        ...(err.details.retryAfterSeconds !== undefined
          ? { retryAfterSeconds: err.details.retryAfterSeconds }
          : {}),
      },
    });
  }
  return new GraphQLError("Unexpected error.", {
    extensions: { code: "INTERNAL", ...(requestId ? { requestId } : {}) },
  });
}
