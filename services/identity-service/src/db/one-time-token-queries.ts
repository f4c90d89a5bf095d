import type { Database } from "@nova/db";
import { and, eq, gt, isNull } from "drizzle-orm";
import { type OneTimeTokenPurpose, oneTimeTokens } from "./schema/index.ts";

export async function insertOneTimeToken(
  db: Database,
  values: typeof oneTimeTokens.$inferInsert,
): Promise<void> {
  await db.insert(oneTimeTokens).values(values);
}

/** Uses a token once: returns its row when it exists, has this purpose, is unused and unexpired. */
export async function consumeOneTimeToken(
  db: Database,
  tokenHash: string,
  purpose: OneTimeTokenPurpose,
  at: Date,
): Promise<typeof oneTimeTokens.$inferSelect | undefined> {
  const [row] = await db
    .update(oneTimeTokens)
    .set({ usedAt: at })
    .where(
      and(
        eq(oneTimeTokens.tokenHash, tokenHash),
        eq(oneTimeTokens.purpose, purpose),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, at),
      ),
    )
    .returning();
  return row;
}

/** Reads a token without using it (the 2FA challenge survives a wrong code). */
export async function peekOneTimeToken(
  db: Database,
  tokenHash: string,
  purpose: OneTimeTokenPurpose,
  at: Date,
): Promise<typeof oneTimeTokens.$inferSelect | undefined> {
  const [row] = await db
    .select()
    .from(oneTimeTokens)
    .where(
      and(
        eq(oneTimeTokens.tokenHash, tokenHash),
        eq(oneTimeTokens.purpose, purpose),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, at),
      ),
    );
  return row;
}

/** Invalidates every outstanding token of a purpose (a new reset link voids the older ones). */
export async function voidOneTimeTokens(
  db: Database,
  accountId: string,
  purpose: OneTimeTokenPurpose,
  at: Date,
): Promise<void> {
  await db
    .update(oneTimeTokens)
    .set({ usedAt: at })
    .where(
      and(
        eq(oneTimeTokens.accountId, accountId),
        eq(oneTimeTokens.purpose, purpose),
        isNull(oneTimeTokens.usedAt),
      ),
    );
}
