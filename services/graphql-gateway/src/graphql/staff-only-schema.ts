import { filterSchema, pruneSchema } from "@graphql-tools/utils";
import type { StaffRole } from "@nova/auth";
import type { GraphQLSchema } from "graphql";

/**
 * Root fields only staff tokens see, with the roles that see each (`Type.field` of the stitched
 * schema). Everyone else is served a schema without them — introspection does not list them and a
 * query naming them fails validation — and the types only they reach are pruned too. The owning
 * services still refuse non-staff at resolve time (authorisation stays in their domain layers);
 * this only stops advertising staff tooling to the public.
 */
export const STAFF_ONLY_FIELDS: Readonly<Record<string, readonly StaffRole[]>> = {
  "Query.moderationQueue": ["moderator", "admin"],
  "Query.moderationAudit": ["moderator", "admin"],
  "Mutation.assignModerationCase": ["moderator", "admin"],
  "Mutation.takeModerationAction": ["moderator", "admin"],
  "Query.staff": ["analyst", "admin"],
};

/**
 * The schema for a caller with `roles`: the full stitched schema when every staff-only field is
 * theirs, else a filtered and pruned copy. Copies are made once per full schema and visible-field
 * set (at most four today), so a request pays a map lookup; a refreshed full schema gets new ones.
 */
export function createStaffSchemaFilter(
  fields: Readonly<Record<string, readonly string[]>> = STAFF_ONLY_FIELDS,
): (full: GraphQLSchema, roles: readonly string[]) => GraphQLSchema {
  const copies = new WeakMap<GraphQLSchema, Map<string, GraphQLSchema>>();
  const names = Object.keys(fields);
  // Almost every request comes from a member or an anonymous caller: no roles, every field hidden.
  const allHidden = names.join(",");
  return function schemaForRoles(full, roles) {
    const hidden =
      roles.length === 0 ? names : names.filter((f) => !fields[f]?.some((r) => roles.includes(r)));
    if (hidden.length === 0) return full;
    const key = roles.length === 0 ? allHidden : hidden.join(",");
    let byKey = copies.get(full);
    if (!byKey) {
      byKey = new Map();
      copies.set(full, byKey);
    }
    let schema = byKey.get(key);
    if (!schema) {
      const out = new Set(hidden);
      schema = pruneSchema(
        filterSchema({
          schema: full,
          rootFieldFilter: (type, name) => !out.has(`${type}.${name}`),
        }),
      );
      byKey.set(key, schema);
    }
    return schema;
  };
}
