import { createSchema } from "graphql-yoga";
import type { SubschemaStatus } from "./gateway-types.ts";

export interface GatewayInfo {
  version: string;
  subschemas: SubschemaStatus[];
}

const typeDefs = /* GraphQL */ `
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
    url: String!
    "stitched | stale | unavailable"
    status: String!
    "Why the subschema is stale or unavailable."
    reason: String
    typeCount: Int!
  }
`;

/**
 * The only schema the gateway owns. It holds no business fields; it exists so the stitched schema
 * is valid (and introspectable) even when no upstream answers.
 */
export function createGatewayLocalSchema(getInfo: () => GatewayInfo) {
  return createSchema({ typeDefs, resolvers: { Query: { gateway: () => getInfo() } } });
}
