import type { Database } from "@nova/db";
import { and, eq, isNull } from "drizzle-orm";
import { type RefreshTokenRow, refreshTokens } from "./schema/index.ts";

export async function insertRefreshToken(
  db: Database,
  values: typeof refreshTokens.$inferInsert,
): Promise<void> {
  await db.insert(refreshTokens).values(values);
}

export async function findRefreshToken(
  db: Database,
  tokenHash: string,
): Promise<RefreshTokenRow | undefined> {
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
  return row;
}

/**
 * Marks a token used if nobody did first. Two concurrent refreshes with the same token: exactly
 * one wins; the other sees a used token, which is treated as reuse.
 */
export async function claimRefreshToken(db: Database, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(refreshTokens)
    .set({ usedAt: at })
    .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.usedAt)))
    .returning({ id: refreshTokens.id });
  return rows.length > 0;
}
