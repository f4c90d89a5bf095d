import type { Database } from "./database.ts";
import type { PoolLimiter } from "./pool-limiter.ts";

/** The two drizzle session members every query and transaction of a `Database` goes through. */
interface SessionInternals {
  prepareQuery(...args: unknown[]): PreparedInternals;
  transaction(...args: unknown[]): Promise<unknown>;
}
interface PreparedInternals {
  execute(...args: unknown[]): Promise<unknown>;
  all(...args: unknown[]): Promise<unknown>;
}

/**
 * Routes every statement and transaction of `db` through `limiter`, whatever the driver. It wraps
 * drizzle's session rather than the driver client because drizzle wraps every driver error in
 * "Failed query: …" (DrizzleQueryError); waiting here lets DatabaseBusyError reach callers as
 * the UnavailableError it is. Builders, `execute`, relational queries and prepared statements all
 * end in `session.prepareQuery(...).execute()`; `db.transaction` ends in `session.transaction`,
 * which hands its callback a new session bound to the transaction's connection, so statements
 * inside a transaction (and nested savepoints) never wait for a second permit.
 */
export function limitDatabase(db: Database, limiter: PoolLimiter): Database {
  const session = (db as unknown as { session?: Partial<SessionInternals> }).session;
  if (typeof session?.prepareQuery !== "function" || typeof session.transaction !== "function") {
    // Fail loudly if a drizzle upgrade moves these internals, instead of silently not limiting.
    throw new Error("@nova/db: this drizzle version has no session.prepareQuery/transaction to limit");
  }
  const prepareQuery = session.prepareQuery.bind(session);
  const transaction = session.transaction.bind(session);
  session.prepareQuery = (...args) => {
    const prepared = prepareQuery(...args);
    const execute = prepared.execute.bind(prepared);
    const all = prepared.all.bind(prepared);
    // Per execution, not per preparation: a `.prepare()`d statement may run many times.
    prepared.execute = (...a) => limiter.run(() => execute(...a));
    prepared.all = (...a) => limiter.run(() => all(...a));
    return prepared;
  };
  session.transaction = (...args) => limiter.run(() => transaction(...args));
  return db;
}
