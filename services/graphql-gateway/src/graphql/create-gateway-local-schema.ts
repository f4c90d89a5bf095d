import { createSchema } from "graphql-yoga";
import type { SubschemaStatus } from "./gateway-types.ts";

export interface GatewayInfo {
  version: string;
  subschemas: SubschemaStatus[];
}

const typeDefs = (internals: boolean) => /* GraphQL */ `
  type Query {
    "The gateway itself: its version and which services' subschemas are stitched."
    gateway: GatewayInfo!
  }

  type GatewayInfo {
    version: String!
    subschemas: [SubschemaStatus!]!
  }

  type SubschemaStatus {
    name: String!
    "stitched | stale | unavailable"
    status: String!
    typeCount: Int!${
      internals
        ? `
    "Where the upstream is (development only: production never names internal addresses)."
    url: String!
    "Why the subschema is stale or unavailable (development only)."
    reason: String`
        : ""
    }
  }
`;

/**
 * The only schema the gateway owns. It holds no business fields; it exists so the stitched schema
 * is valid (and introspectable) even when no upstream answers.
 */
export function createGatewayLocalSchema(getInfo: () => GatewayInfo, opts: { internals: boolean }) {
  return createSchema({
    typeDefs: typeDefs(opts.internals),
    resolvers: { Query: { gateway: () => getInfo() } },
  });
}
