import { resolve } from "node:path";
import type { MigrationTarget } from "@nova/db";

/** Migrations of the embedded bus's `nova_bus` schema; apply with `migrate(handle, …)` at start. */
export const EMBEDDED_BUS_MIGRATIONS: MigrationTarget = {
  schema: "nova_bus",
  migrationsFolder: resolve(import.meta.dir, "../../migrations/nova_bus"),
};
