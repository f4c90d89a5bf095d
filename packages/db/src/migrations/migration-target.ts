import type { DatabaseHandle } from "../database.ts";

/** Which schema to migrate and where its drizzle-kit output lives (`drizzle/<service>`). */
export interface MigrationTarget {
  schema: string;
  migrationsFolder: string;
}

/** The migrator only needs the drizzle instance; tests may pass any handle. */
export type MigrationHandle = Pick<DatabaseHandle, "db">;
