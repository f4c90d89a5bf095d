import type { Database } from "@nova/db";
import { eq, inArray, sql } from "drizzle-orm";
import { type AccountRow, accounts } from "./schema/index.ts";

export type NewAccount = typeof accounts.$inferInsert;

export async function insertAccount(db: Database, values: NewAccount): Promise<AccountRow> {
  const [row] = await db.insert(accounts).values(values).returning();
  if (!row) throw new Error("insert returned no account");
  return row;
}

export async function findAccountById(db: Database, id: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row;
}

/** Row-locks the account for the rest of the transaction (failed-login counting, password changes). */
export async function lockAccountRow(db: Database, id: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id)).for("update");
  return row;
}

export async function findAccountByEmail(db: Database, email: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.email, email));
  return row;
}

export async function findAccountByUsernameKey(db: Database, key: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.usernameKey, key));
  return row;
}

export async function findAccountsByIds(db: Database, ids: readonly string[]): Promise<AccountRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(accounts)
    .where(inArray(accounts.id, [...ids]));
}

export async function updateAccount(
  db: Database,
  id: string,
  set: Partial<Omit<NewAccount, "id" | "createdAt">>,
  at: Date,
): Promise<AccountRow> {
  const [row] = await db
    .update(accounts)
    .set({ ...set, updatedAt: at })
    .where(eq(accounts.id, id))
    .returning();
  if (!row) throw new Error(`account ${id} vanished during update`);
  return row;
}

/** Adds one failed login; returns the new count. */
export async function incrementFailedLogins(db: Database, id: string): Promise<number> {
  const [row] = await db
    .update(accounts)
    .set({ failedLoginCount: sql`${accounts.failedLoginCount} + 1` })
    .where(eq(accounts.id, id))
    .returning({ count: accounts.failedLoginCount });
  return row?.count ?? 0;
}
