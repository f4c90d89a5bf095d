import { GraphQLError } from "graphql";
import type { GatewayLog } from "./gateway-types.ts";

/**
 * Errors that carry an `extensions.code` (the services' domain errors, relayed; the gateway's own
 * refusals) reach the client as they are. Anything else is an internal error: the client sees
 * "Unexpected error." with an `errorId` to quote, and the log has the details under that id —
 * never a stack, an upstream URL or a connection error.
 */
/** Codes that describe the gateway's plumbing (an upstream's address, its HTTP failure), not the request. */
const INTERNAL_CODES = new Set([
  "INTERNAL",
  "INTERNAL_SERVER_ERROR",
  "SUBREQUEST_HTTP_ERROR",
  "DOWNSTREAM_SERVICE_ERROR",
  "UNEXPECTED_ERROR",
]);

export function createGatewayErrorMasker(log: GatewayLog) {
  return (error: unknown, message: string): Error => {
    const graphqlError = error instanceof GraphQLError ? error : undefined;
    const ext = graphqlError?.extensions ?? {};
    const code = ext.code;
    const plumbing = "request" in ext || "response" in ext;
    if (graphqlError && typeof code === "string" && !INTERNAL_CODES.has(code) && !plumbing)
      return graphqlError;
    if (graphqlError && !graphqlError.originalError && code === undefined && !graphqlError.path)
      return graphqlError; // a request/syntax error made by graphql itself: nothing internal in it
    const errorId = crypto.randomUUID();
    log.error("graphql internal error", { errorId, error: graphqlError?.originalError ?? error });
    return new GraphQLError(message, {
      ...(graphqlError?.nodes ? { nodes: graphqlError.nodes } : {}),
      ...(graphqlError?.path ? { path: graphqlError.path } : {}),
      extensions: { code: "INTERNAL", errorId },
    });
  };
}
