import type { Logger } from "@nova/observability";
import type { DatabaseHandle } from "./database.ts";
import { openPgliteDatabase } from "./open-pglite-database.ts";
import { openPostgresDatabase } from "./open-postgres-database.ts";

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
}

/**
 * Opens PostgreSQL (postgres-js pool) when `url` is set, else joins the process-wide PGlite for
 * `dataDir`. PostgreSQL connects lazily: `await handle.ping()` to fail fast at start.
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (opts.url) {
    return openPostgresDatabase({
      url: opts.url,
      maxConnections: opts.maxConnections,
      debugSql: opts.debugSql,
      log: opts.log,
      applicationName: opts.applicationName,
    });
  }
  return openPgliteDatabase({ dataDir: opts.dataDir, debugSql: opts.debugSql, log: opts.log });
}
