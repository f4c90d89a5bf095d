import { stitchSchemas } from "@graphql-tools/stitch";
import { filterSchema } from "@graphql-tools/utils";
import type { GraphQLSchema } from "graphql";
import type { SubschemaConfig } from "./build-subschema.ts";
import type { GatewayLocalSchema } from "./create-gateway-local-schema.ts";
import { installDelegationPlanCache } from "./delegation-plan-cache.ts";
import { keepMergePlans } from "./merge-plan-cache.ts";

/**
 * Stitches the gateway's own schema with the upstreams' subschemas, merging types by their keys.
 * Root and object fields whose names start with `_` are private to the services and the gateway.
 */
export function stitchGatewaySchema(opts: {
  local: GatewayLocalSchema;
  subschemas: readonly SubschemaConfig[];
}): GraphQLSchema {
  installDelegationPlanCache();
  const stitched = stitchSchemas({
    subschemas: [...opts.subschemas],
    // The gateway's own fields resolve in place (no delegation).
    typeDefs: opts.local.typeDefs,
    resolvers: opts.local.resolvers,
    // Where two services describe the same type or field, `@canonical` in their SDL picks the
    // public definition; merging itself is configured by each subschema's `@key`/`@merge`.
    mergeTypes: true,
  });
  // `_sdl` and merge resolvers such as `_users(keys)` are plumbing between gateway and services.
  // They are hidden from the public schema only after stitching: filtering them inside a subschema
  // (wrap's FilterRootFields) breaks the merge resolvers that delegate through them.
  // Object fields named `_…` (content's `Post._viewGrant`, read by the gateway for social's merge
  // key) are plumbing too; merge keys still reach them, since delegation uses the subschemas.
  const schema = filterSchema({
    schema: stitched,
    rootFieldFilter: (_operation, name) => !name.startsWith("_"),
    objectFieldFilter: (_type, name) => !name.startsWith("_"),
  });
  // Merged types' plans kept across requests (merge-plan-cache.ts); the filtered schema shares
  // the stitched one's stitching info.
  keepMergePlans(schema);
  return schema;
}
