import type { Database } from "@nova/db";
import { eq, sql } from "drizzle-orm";
import { type AccountPrivacyRow, accountPrivacy } from "./schema/index.ts";

/** The local copy of an account's private flag, or undefined when no profile event arrived yet. */
export async function findAccountPrivacy(
  db: Database,
  accountId: string,
): Promise<AccountPrivacyRow | undefined> {
  const [row] = await db.select().from(accountPrivacy).where(eq(accountPrivacy.accountId, accountId));
  return row;
}

/** Records the private flag (profile created/updated); never revives an erased account. */
export async function upsertAccountPrivacy(
  db: Database,
  accountId: string,
  privateAccount: boolean,
  at: Date,
): Promise<void> {
  await db
    .insert(accountPrivacy)
    .values({ accountId, privateAccount, updatedAt: at })
    .onConflictDoUpdate({
      target: accountPrivacy.accountId,
      set: { privateAccount, updatedAt: at },
      setWhere: sql`${accountPrivacy.erased} = false`,
    });
}

/** Marks an account erased: following it is a 404 from now on. */
export async function markAccountErased(db: Database, accountId: string, at: Date): Promise<void> {
  await db
    .insert(accountPrivacy)
    .values({ accountId, privateAccount: false, erased: true, updatedAt: at })
    .onConflictDoUpdate({ target: accountPrivacy.accountId, set: { erased: true, updatedAt: at } });
}
