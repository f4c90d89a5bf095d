import type { Logger } from "@nova/observability";
import type { DatabaseHandle } from "./database.ts";
import { openPgliteDatabase } from "./open-pglite-database.ts";
import { openPostgresDatabase, type PostgresDriver } from "./open-postgres-database.ts";
import type { PoolOptions } from "./pool-options.ts";

export interface OpenDatabaseOptions {
  /** DATABASE_URL; unset selects the embedded PGlite. */
  url?: string | undefined;
  /** NOVA_DATA_DIR; PGlite persists under `${dataDir}/pgdata`. */
  dataDir: string;
  maxConnections: number;
  debugSql: boolean;
  log: Logger;
  /** Shown in pg_stat_activity, e.g. the service name. */
  applicationName: string;
  /** Wait queue in front of the pool and where its metrics go (PGlite: a pool of 1). */
  pool?: PoolOptions | undefined;
  /** PostgreSQL client; defaults to Bun's built-in SQL. */
  driver?: PostgresDriver | undefined;
}

/**
 * Opens PostgreSQL (a pool of `maxConnections`) when `url` is set, else joins the process-wide
 * PGlite for `dataDir`. Either way queries and transactions beyond the pool wait in a bounded
 * queue and are rejected with DatabaseBusyError when it is full or the wait times out.
 * PostgreSQL connects lazily: `await handle.ping()` to fail fast at start.
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (opts.url) {
    return openPostgresDatabase({
      url: opts.url,
      maxConnections: opts.maxConnections,
      debugSql: opts.debugSql,
      log: opts.log,
      applicationName: opts.applicationName,
      pool: opts.pool,
      driver: opts.driver,
    });
  }
  return openPgliteDatabase({
    dataDir: opts.dataDir,
    debugSql: opts.debugSql,
    log: opts.log,
    pool: opts.pool,
  });
}
