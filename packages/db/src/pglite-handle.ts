import type { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { Logger } from "@nova/observability";
import { drizzle } from "drizzle-orm/pglite";
import type { Database, DatabaseHandle } from "./database.ts";
import { pingDatabase } from "./ping-database.ts";
import { sqlLogger } from "./sql-logger.ts";

/**
 * Extensions every embedded PGlite is created with. Extensions can only be added at construction,
 * so the shared instance, test templates and restored dumps must all use this same set.
 */
export const PGLITE_EXTENSIONS = { pg_trgm };

export interface PgliteHandleOptions {
  debugSql: boolean;
  log: Logger;
  /** Called once by the handle's first close(); decides what closing means for this client. */
  release: () => Promise<void>;
}

/** Wraps an open PGlite in a handle (each handle gets its own drizzle instance and SQL logger). */
export function createPgliteHandle(client: PGlite, opts: PgliteHandleOptions): DatabaseHandle {
  const db: Database = drizzle({
    client,
    casing: "snake_case",
    ...(opts.debugSql ? { logger: sqlLogger(opts.log) } : {}),
  });
  let closed: Promise<void> | undefined;
  return {
    db,
    kind: "pglite",
    ping: () => pingDatabase(db, "pglite"),
    close: () => {
      closed ??= opts.release();
      return closed;
    },
  };
}
