import type { Database, Transaction } from "@nova/db";
import { eq } from "drizzle-orm";
import { type Preferences, withDefaults } from "../domain/preferences-shape.ts";
import { preferences } from "./schema/index.ts";

export async function loadPreferences(db: Database | Transaction, accountId: string): Promise<Preferences> {
  const [row] = await db.select().from(preferences).where(eq(preferences.accountId, accountId));
  return withDefaults(row?.settings);
}

export async function savePreferences(db: Database, accountId: string, settings: Preferences, at: Date) {
  await db
    .insert(preferences)
    .values({ accountId, settings, updatedAt: at })
    .onConflictDoUpdate({ target: preferences.accountId, set: { settings, updatedAt: at } });
}
