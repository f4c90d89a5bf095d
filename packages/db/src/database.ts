import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";

/**
 * A drizzle database over either driver (postgres-js or PGlite). Query functions take this first;
 * a transaction is also a `Database`, so the same function runs inside or outside one.
 */
export type Database = PgDatabase<PgQueryResultHKT, Record<string, never>>;

/** The `tx` that `withTransaction` hands to its callback. */
export type Transaction = PgTransaction<
  PgQueryResultHKT,
  Record<string, never>,
  ExtractTablesWithRelations<Record<string, never>>
>;

export type DatabaseKind = "pglite" | "postgres";

/** An open database plus what readiness probes and shutdown need. */
export interface DatabaseHandle {
  readonly db: Database;
  readonly kind: DatabaseKind;
  /** Runs `select 1` with a short timeout; rejects when the database is unreachable. */
  ping(): Promise<void>;
  /** Releases this handle; idempotent. A shared PGlite closes with its last handle. */
  close(): Promise<void>;
}
