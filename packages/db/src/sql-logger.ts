import type { Logger } from "@nova/observability";
import type { Logger as DrizzleLogger } from "drizzle-orm";

/** drizzle's query hook, writing each statement at debug level (DEBUG_SQL_QUERIES). */
export function sqlLogger(log: Logger): DrizzleLogger {
  return {
    logQuery(query, params) {
      log.debug("sql", { query, params });
    },
  };
}
