import type { Database } from "@nova/db";
import { eq } from "drizzle-orm";
import { type SettingsRow, settings } from "./schema/index.ts";

/** The settings of one profile, or undefined when the profile does not exist. */
export async function findSettings(db: Database, profileId: string): Promise<SettingsRow | undefined> {
  const [row] = await db.select().from(settings).where(eq(settings.profileId, profileId));
  return row;
}

/** Writes changed settings (the row exists whenever the profile does); returns the new row. */
export async function updateSettingsRow(
  db: Database,
  profileId: string,
  changes: Partial<Omit<typeof settings.$inferInsert, "profileId">>,
): Promise<SettingsRow | undefined> {
  const [row] = await db.update(settings).set(changes).where(eq(settings.profileId, profileId)).returning();
  return row;
}
