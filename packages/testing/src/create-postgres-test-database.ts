import { type DatabaseHandle, migrate, openDatabase } from "@nova/db";
import type { Logger } from "@nova/observability";
import postgres from "postgres";
import { resolveMigrationTargets, type TestMigrations } from "./migration-targets.ts";
import { silentLogger } from "./silent-logger.ts";

/** The machine's PostgreSQL (trust auth) that `bun run test:infra` uses. */
export const LOCAL_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface PostgresTestDatabaseOptions {
  services?: readonly TestMigrations[];
  /** A URL with rights to CREATE/DROP DATABASE; defaults to LOCAL_POSTGRES_URL. */
  adminUrl?: string;
  maxConnections?: number;
  debugSql?: boolean;
  log?: Logger;
}

export interface PostgresTestDatabase extends DatabaseHandle {
  /** URL of the throwaway database, for opening more connections in a test. */
  readonly url: string;
}

/**
 * A uniquely named throwaway database on a real PostgreSQL, migrated for `services`; close()
 * drops it (terminating any connection the test left open).
 */
export async function createPostgresTestDatabase(
  opts: PostgresTestDatabaseOptions = {},
): Promise<PostgresTestDatabase> {
  const adminUrl = opts.adminUrl ?? LOCAL_POSTGRES_URL;
  const name = `nova_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin.unsafe(`create database "${name}"`);
  } catch (error) {
    await admin.end();
    throw new Error(`cannot create a test database on ${adminUrl}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({
    url: url.toString(),
    dataDir: "",
    maxConnections: opts.maxConnections ?? 4,
    debugSql: opts.debugSql ?? false,
    log: opts.log ?? silentLogger(),
    applicationName: "nova-test",
  });
  const drop = async () => {
    try {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await admin.end();
    }
  };
  try {
    for (const target of resolveMigrationTargets(opts.services ?? [])) await migrate(handle, target);
  } catch (error) {
    await drop();
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    db: handle.db,
    kind: handle.kind,
    url: url.toString(),
    ping: () => handle.ping(),
    close: () => {
      closed ??= drop();
      return closed;
    },
  };
}
