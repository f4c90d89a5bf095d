import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/**
 * Rows whose entity is about `accountId` (see accountsOf): its user and author entities, and the
 * viewer × author pairs `<id>:…` and `…:<id>`. split_part instead of LIKE: no pattern escaping.
 */
export function aboutAccount(t: { entityType: PgColumn; entityId: PgColumn }, accountId: string): SQL {
  return sql`((${t.entityType} in ('user', 'author') and ${t.entityId} = ${accountId})
    or (${t.entityType} = 'user_author'
      and (split_part(${t.entityId}, ':', 1) = ${accountId} or split_part(${t.entityId}, ':', 2) = ${accountId})))`;
}
