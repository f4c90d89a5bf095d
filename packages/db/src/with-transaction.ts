import type { PgTransactionConfig } from "drizzle-orm/pg-core";
import type { Database, Transaction } from "./database.ts";

/**
 * Runs `fn` in a transaction and returns its result: commit on return, rollback on throw. Inside
 * another transaction it becomes a savepoint, so domain verbs can nest freely.
 */
export function withTransaction<T>(
  db: Database,
  fn: (tx: Transaction) => Promise<T>,
  config?: PgTransactionConfig,
): Promise<T> {
  return db.transaction(fn, config);
}
