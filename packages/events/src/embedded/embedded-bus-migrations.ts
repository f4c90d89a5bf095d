import { fileURLToPath } from "node:url";
import type { MigrationTarget } from "@nova/db";

/** Migrations of the embedded bus's `nova_bus` schema; apply with `migrate(handle, …)` at start. */
export const EMBEDDED_BUS_MIGRATIONS: MigrationTarget = {
  schema: "nova_bus",
  // import.meta.url (not Bun's import.meta.dir): drizzle-kit loads service schemas under Node.
  migrationsFolder: fileURLToPath(new URL("../../migrations/nova_bus", import.meta.url)),
};
