import type { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { Logger } from "@nova/observability";
import { drizzle } from "drizzle-orm/pglite";
import type { Database, DatabaseHandle } from "./database.ts";
import { limitDatabase } from "./limit-database.ts";
import { pingDatabase } from "./ping-database.ts";
import { createPoolLimiter } from "./pool-limiter.ts";
import { type PoolOptions, resolvePoolOptions } from "./pool-options.ts";
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
  /** Back-pressure and metrics; the pool size is always 1 (PGlite is one session). */
  pool?: PoolOptions | undefined;
}

/**
 * Wraps an open PGlite in a handle. Each handle gets its own drizzle instance, SQL logger and
 * limiter (size 1), so each service sharing the embedded instance sees its own pool metrics.
 */
export function createPgliteHandle(client: PGlite, opts: PgliteHandleOptions): DatabaseHandle {
  const limiter = createPoolLimiter({ target: "pglite", ...resolvePoolOptions(1, opts.pool) });
  const db: Database = limitDatabase(
    drizzle({ client, casing: "snake_case", ...(opts.debugSql ? { logger: sqlLogger(opts.log) } : {}) }),
    limiter,
  );
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
