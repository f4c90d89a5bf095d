import { resolve } from "node:path";
import { serviceInfo } from "@nova/config";
import type { MigrationTarget } from "@nova/db";

/** The repository root (this file is packages/testing/src/migration-targets.ts). */
export const repoRoot = resolve(import.meta.dir, "../../..");

/** A service name (its `drizzle/<name>` folder) or an explicit target such as a test fixture. */
export type TestMigrations = string | MigrationTarget;

export function resolveMigrationTargets(services: readonly TestMigrations[]): MigrationTarget[] {
  return services.map((entry) => {
    if (typeof entry !== "string") return entry;
    const { schema } = serviceInfo(entry);
    if (!schema) throw new Error(`${entry} owns no PostgreSQL schema`);
    return { schema, migrationsFolder: resolve(repoRoot, "drizzle", entry) };
  });
}
