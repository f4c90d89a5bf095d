export type { Database, DatabaseHandle, DatabaseKind, Transaction } from "./database.ts";
export { DatabaseBusyError, type PoolRejection } from "./database-busy-error.ts";
export { type IdPageArgs, idPage, parseIdPage } from "./id-page.ts";
export { migrate } from "./migrations/migrate.ts";
export { MigrationError } from "./migrations/migration-error.ts";
export {
  type MigrationState,
  type MigrationStatusEntry,
  migrationStatus,
  pendingCount,
} from "./migrations/migration-status.ts";
export type { MigrationHandle, MigrationTarget } from "./migrations/migration-target.ts";
export { type MigrationFile, readMigrations } from "./migrations/read-migrations.ts";
export { revertLast } from "./migrations/revert-last.ts";
export { schemaLockKey } from "./migrations/schema-lock.ts";
export { type OpenDatabaseOptions, openDatabase } from "./open-database.ts";
export { describeUrl, type PostgresDriver } from "./open-postgres-database.ts";
export { createPgliteHandle, PGLITE_EXTENSIONS, type PgliteHandleOptions } from "./pglite-handle.ts";
export { PING_TIMEOUT_MS } from "./ping-database.ts";
export { DEFAULT_POOL_MAX_WAIT_MS, type PoolOptions } from "./pool-options.ts";
export {
  preparedPerDatabase,
  rowsOf,
  textArrayLiteral,
  uuidArray,
  uuidArrayLiteral,
} from "./raw-sql.ts";
export { withTransaction } from "./with-transaction.ts";
