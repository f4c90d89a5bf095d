import type { Logger } from "@nova/observability";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Database, DatabaseHandle } from "./database.ts";
import { pingDatabase } from "./ping-database.ts";
import { sqlLogger } from "./sql-logger.ts";

export interface OpenPostgresOptions {
  url: string;
  maxConnections: number;
  debugSql: boolean;
  log: Logger;
  applicationName: string;
}

/**
 * A postgres-js pool wrapped in drizzle. Connections open lazily, so this never fails on an
 * unreachable server; call `ping()` to fail fast at start. A broken connection is replaced on the
 * next query, so the handle recovers by itself when the server comes back.
 */
export function openPostgresDatabase(opts: OpenPostgresOptions): DatabaseHandle {
  const target = describeUrl(opts.url);
  const client = postgres(opts.url, {
    max: opts.maxConnections,
    connection: { application_name: opts.applicationName },
    // Shorter than the default 30 s: callers waiting on a dead server fail in bounded time, and a
    // connection attempt caught by an outage stops blocking its pool slot sooner.
    connect_timeout: 5,
    // NOTICEs (e.g. "schema already exists, skipping") are not worth a line at info level.
    onnotice: (notice) => opts.log.debug("postgres notice", { message: notice.message }),
  });
  const db: Database = drizzle({
    client,
    casing: "snake_case",
    ...(opts.debugSql ? { logger: sqlLogger(opts.log) } : {}),
  });
  let closed: Promise<void> | undefined;
  return {
    db,
    kind: "postgres",
    ping: () => pingDatabase(db, target),
    close: () => {
      // Bounded: with the server gone, end() would otherwise wait for goodbyes that never come.
      closed ??= client.end({ timeout: 3 });
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
