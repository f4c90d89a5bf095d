import type { Database } from "@nova/db";
import { and, eq, isNull } from "drizzle-orm";
import { recoveryCodes } from "./schema/index.ts";

export async function replaceRecoveryCodes(
  db: Database,
  accountId: string,
  rows: { id: string; codeHash: string }[],
  at: Date,
): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.accountId, accountId));
  if (rows.length)
    await db.insert(recoveryCodes).values(rows.map((r) => ({ ...r, accountId, createdAt: at })));
}

/** Uses a recovery code once; returns whether it matched an unused code. */
export async function consumeRecoveryCode(
  db: Database,
  accountId: string,
  codeHash: string,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: at })
    .where(
      and(
        eq(recoveryCodes.accountId, accountId),
        eq(recoveryCodes.codeHash, codeHash),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  return rows.length > 0;
}

export async function deleteRecoveryCodes(db: Database, accountId: string): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.accountId, accountId));
}
