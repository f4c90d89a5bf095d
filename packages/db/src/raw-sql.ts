import { type SQL, sql } from "drizzle-orm";
import type { Database } from "./database.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A list of UUIDs as ONE bound parameter (`$n::uuid[]`), for `= any(…)` in hot raw queries:
 * drizzle's `inArray` binds each id separately and costs query-building time per element. Ids are
 * checked here, so nothing but UUIDs ever reaches the array literal.
 */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${uuidArrayLiteral(ids)}::uuid[]`;
}

/** The PostgreSQL array literal of some UUIDs (`{a,b}`), for a prepared statement's `uuid[]` placeholder. */
export function uuidArrayLiteral(ids: readonly string[]): string {
  for (const id of ids) if (!UUID.test(id)) throw new TypeError(`not a UUID: ${JSON.stringify(id)}`);
  return `{${ids.join(",")}}`;
}

/**
 * The PostgreSQL array literal of any strings (`{"a","b\\"c"}`: each element quoted, `"` and `\`
 * escaped), for a prepared statement's `text[]` placeholder.
 */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;
}

/**
 * A statement built once per database handle (drizzle's `.prepare()`), for the hottest reads:
 * building a select with its column list costs more CPU than running it. The builder runs on a
 * handle's first use; a transaction is another handle and gets its own.
 */
export function preparedPerDatabase<Q>(build: (db: Database) => Q): (db: Database) => Q {
  const byDb = new WeakMap<Database, Q>();
  return (db) => {
    let q = byDb.get(db);
    if (q === undefined) {
      q = build(db);
      byDb.set(db, q);
    }
    return q;
  };
}

/** Rows of a raw `db.execute` under either driver (PGlite answers `{ rows }`, Bun SQL an array). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
