import type { Logger } from "@nova/observability";
import { SQL } from "bun";
import { drizzle as drizzleBunSql } from "drizzle-orm/bun-sql";
import { drizzle as drizzlePostgresJs } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Database, DatabaseHandle } from "./database.ts";
import { limitDatabase } from "./limit-database.ts";
import { pingDatabase } from "./ping-database.ts";
import { createPoolLimiter } from "./pool-limiter.ts";
import { type PoolOptions, resolvePoolOptions } from "./pool-options.ts";
import { sqlLogger } from "./sql-logger.ts";

/**
 * `bun-sql` (Bun's built-in client) is the default. `postgres-js` 3.4.9 can poison a pooled
 * connection for good when its socket dies with a write still buffered (its write timer is
 * cleared but never reset, so the next connection's startup message is never sent; upstream
 * porsager/postgres#1208, #1209), and it is slower on point queries (see bench/pool.bench.ts).
 */
export type PostgresDriver = "bun-sql" | "postgres-js";

export interface OpenPostgresOptions {
  url: string;
  maxConnections: number;
  debugSql: boolean;
  log: Logger;
  applicationName: string;
  pool?: PoolOptions | undefined;
  driver?: PostgresDriver | undefined;
}

/** Connect attempts give up after this, so callers waiting on a dead server fail in bounded time. */
const CONNECT_TIMEOUT_S = 5;

/**
 * A driver pool of `maxConnections` wrapped in drizzle, behind a limiter that queues at most
 * `pool.maxWaiting` callers for at most `pool.maxWaitMs`. Connections open lazily, so this never
 * fails on an unreachable server; call `ping()` to fail fast at start. A broken connection is
 * replaced on the next query, so the handle recovers by itself when the server comes back.
 */
export function openPostgresDatabase(opts: OpenPostgresOptions): DatabaseHandle {
  const target = describeUrl(opts.url);
  const limiter = createPoolLimiter({ target, ...resolvePoolOptions(opts.maxConnections, opts.pool) });
  const logger = opts.debugSql ? { logger: sqlLogger(opts.log) } : {};
  let db: Database;
  let end: () => Promise<void>;
  if ((opts.driver ?? "bun-sql") === "bun-sql") {
    const client = new SQL({
      url: opts.url,
      max: opts.maxConnections,
      connection: { application_name: opts.applicationName },
      connectionTimeout: CONNECT_TIMEOUT_S,
    });
    db = drizzleBunSql({ client, casing: "snake_case", ...logger }) as unknown as Database;
    end = () => client.close({ timeout: 3 });
  } else {
    const client = postgres(opts.url, {
      max: opts.maxConnections,
      connection: { application_name: opts.applicationName },
      connect_timeout: CONNECT_TIMEOUT_S,
      // NOTICEs (e.g. "schema already exists, skipping") are not worth a line at info level.
      onnotice: (notice) => opts.log.debug("postgres notice", { message: notice.message }),
    });
    db = drizzlePostgresJs({ client, casing: "snake_case", ...logger });
    end = () => client.end({ timeout: 3 });
  }
  limitDatabase(db, limiter);
  let closed: Promise<void> | undefined;
  return {
    db,
    kind: "postgres",
    ping: () => pingDatabase(db, target),
    close: () => {
      // Bounded: with the server gone, closing would otherwise wait for goodbyes that never come.
      closed ??= end();
      return closed;
    },
  };
}

/** host:port/database without credentials, for messages and logs. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
