import { resolve } from "node:path";
import type { MigrationTarget } from "@nova/db";

/** The fixture schema the contract suite needs (outbox, processed events, effects); migrate it first. */
export const EVENTS_CONTRACT_MIGRATIONS: MigrationTarget = {
  schema: "events_contract",
  migrationsFolder: resolve(import.meta.dir, "fixture/migrations"),
};
