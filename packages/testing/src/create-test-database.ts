import { PGlite } from "@electric-sql/pglite";
import { createPgliteHandle, type DatabaseHandle, PGLITE_EXTENSIONS } from "@nova/db";
import type { Logger } from "@nova/observability";
import { resolveMigrationTargets, type TestMigrations } from "./migration-targets.ts";
import { pgliteTemplate } from "./pglite-template.ts";
import { silentLogger } from "./silent-logger.ts";

export interface TestDatabaseOptions {
  /** Whose migrations to apply: service names and/or explicit targets (fixtures). */
  services: readonly TestMigrations[];
  debugSql?: boolean;
  log?: Logger;
}

/**
 * A fresh in-memory PGlite with the services' migrations applied, restored from a cached template.
 * Private to the caller (not the shared dev instance); close() it in afterAll, or the process
 * stays alive.
 */
export async function createTestDatabase(opts: TestDatabaseOptions): Promise<DatabaseHandle> {
  const template = await pgliteTemplate(resolveMigrationTargets(opts.services));
  const client = await PGlite.create({ loadDataDir: template, extensions: PGLITE_EXTENSIONS });
  return createPgliteHandle(client, {
    debugSql: opts.debugSql ?? false,
    log: opts.log ?? silentLogger(),
    release: () => client.close(),
  });
}
