import { fileURLToPath } from "node:url";
import type { MigrationTarget } from "@nova/db";

/** The fixture schema the contract suite needs (outbox, processed events, effects); migrate it first. */
export const EVENTS_CONTRACT_MIGRATIONS: MigrationTarget = {
  schema: "events_contract",
  migrationsFolder: fileURLToPath(new URL("./fixture/migrations/", import.meta.url)),
};
