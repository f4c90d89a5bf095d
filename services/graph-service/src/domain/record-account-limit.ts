import type { Database } from "@nova/db";
import { eq, inArray } from "drizzle-orm";
import { limitedAccounts } from "../db/schema/index.ts";

/** trust-safety's `limit` on an account taking effect (`active`) or lifted. Idempotent. */
export async function recordAccountLimit(
  tx: Database,
  input: { accountId: string; active: boolean; at: Date },
): Promise<void> {
  if (input.active)
    await tx
      .insert(limitedAccounts)
      .values({ accountId: input.accountId, limitedAt: input.at })
      .onConflictDoNothing();
  else await tx.delete(limitedAccounts).where(eq(limitedAccounts.accountId, input.accountId));
}

/** Those of `accountIds` under a limit. */
export async function limitedAmong(db: Database, accountIds: readonly string[]): Promise<Set<string>> {
  if (accountIds.length === 0) return new Set();
  const rows = await db
    .select({ id: limitedAccounts.accountId })
    .from(limitedAccounts)
    .where(inArray(limitedAccounts.accountId, [...accountIds]));
  return new Set(rows.map((r) => r.id));
}
