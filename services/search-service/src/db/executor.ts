import type { Database, Transaction } from "@nova/db";

/** Where a query runs: the handle's database or the consumer's transaction. */
export type Executor = Database | Transaction;
