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

/** The gateway's own fields: type definitions and their resolvers. */
export interface GatewayLocalSchema {
  typeDefs: string;
  resolvers: { Query: { gateway: () => GatewayInfo } };
}

/**
 * The only fields the gateway owns. They hold no business data; they keep the stitched schema valid
 * (and introspectable) even when no upstream answers. They are merged into the stitched schema
 * itself (not stitched as a subschema), so `{ gateway { … } }` resolves in place instead of being
 * delegated through graphql-tools' request planning to a schema in the same process.
 */
export function createGatewayLocalSchema(
  getInfo: () => GatewayInfo,
  opts: { internals: boolean },
): GatewayLocalSchema {
  return { typeDefs: typeDefs(opts.internals), resolvers: { Query: { gateway: () => getInfo() } } };
}
