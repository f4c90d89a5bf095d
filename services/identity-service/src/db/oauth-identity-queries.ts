import type { Database } from "@nova/db";
import { and, asc, eq } from "drizzle-orm";
import { oauthIdentities } from "./schema/index.ts";

export type OAuthIdentityRow = typeof oauthIdentities.$inferSelect;

export async function findOAuthIdentity(
  db: Database,
  provider: string,
  subject: string,
): Promise<OAuthIdentityRow | undefined> {
  const [row] = await db
    .select()
    .from(oauthIdentities)
    .where(and(eq(oauthIdentities.provider, provider), eq(oauthIdentities.subject, subject)));
  return row;
}

export function listOAuthIdentities(db: Database, accountId: string): Promise<OAuthIdentityRow[]> {
  return db
    .select()
    .from(oauthIdentities)
    .where(eq(oauthIdentities.accountId, accountId))
    .orderBy(asc(oauthIdentities.createdAt));
}

export async function insertOAuthIdentity(
  db: Database,
  values: typeof oauthIdentities.$inferInsert,
): Promise<OAuthIdentityRow> {
  const [row] = await db.insert(oauthIdentities).values(values).returning();
  if (!row) throw new Error("insert returned no oauth identity");
  return row;
}

/** Removes every identity of `provider` linked to the account; returns how many. */
export async function deleteOAuthIdentities(
  db: Database,
  accountId: string,
  provider?: string,
): Promise<number> {
  const rows = await db
    .delete(oauthIdentities)
    .where(
      and(
        eq(oauthIdentities.accountId, accountId),
        provider ? eq(oauthIdentities.provider, provider) : undefined,
      ),
    )
    .returning({ id: oauthIdentities.id });
  return rows.length;
}
