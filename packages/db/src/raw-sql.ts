import { type SQL, sql } from "drizzle-orm";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A list of UUIDs as ONE bound parameter (`$n::uuid[]`), for `= any(…)` in hot raw queries:
 * drizzle's `inArray` binds each id separately and costs query-building time per element. Ids are
 * checked here, so nothing but UUIDs ever reaches the array literal.
 */
export function uuidArray(ids: readonly string[]): SQL {
  for (const id of ids) if (!UUID.test(id)) throw new TypeError(`not a UUID: ${JSON.stringify(id)}`);
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}

/** Rows of a raw `db.execute` under either driver (PGlite answers `{ rows }`, Bun SQL an array). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
