import type { Database, Transaction } from "@nova/db";
import { inArray } from "drizzle-orm";
import { erasedAccounts } from "./schema/index.ts";

/** Remembers that an account was erased (idempotent). */
export async function recordErasedAccount(tx: Transaction, accountId: string): Promise<void> {
  await tx.insert(erasedAccounts).values({ accountId }).onConflictDoNothing();
}

/** The erased accounts among `accountIds`. */
export async function erasedAmong(
  db: Database | Transaction,
  accountIds: readonly string[],
): Promise<Set<string>> {
  if (accountIds.length === 0) return new Set();
  const rows = await db
    .select({ accountId: erasedAccounts.accountId })
    .from(erasedAccounts)
    .where(inArray(erasedAccounts.accountId, [...new Set(accountIds)]));
  return new Set(rows.map((r) => r.accountId));
}
