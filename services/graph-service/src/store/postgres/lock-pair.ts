import type { Transaction } from "@nova/db";
import { sql } from "drizzle-orm";

/**
 * Serialises writes on one pair of accounts (either direction) for the rest of the transaction, so
 * a follow racing a block cannot commit a follow next to the block that should have removed it.
 */
export async function lockPair(tx: Transaction, a: string, b: string): Promise<void> {
  const key = a < b ? `${a}|${b}` : `${b}|${a}`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 7118))`);
}
