import type { Database } from "@nova/db";
import { asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { ProfileRecord } from "../domain/profile-record.ts";
import { type ProfileRow, profiles, type SettingsRow, settings } from "./schema/index.ts";

const recordColumns = {
  profile: profiles,
  privateAccount: settings.privateAccount,
  whoCanMessage: settings.whoCanMessage,
  whoCanMention: settings.whoCanMention,
};

function toRecord(row: {
  profile: ProfileRow;
  privateAccount: boolean | null;
  whoCanMessage: SettingsRow["whoCanMessage"] | null;
  whoCanMention: SettingsRow["whoCanMention"] | null;
}): ProfileRecord {
  const p = row.profile;
  return {
    id: p.id,
    username: p.username,
    displayName: p.displayName,
    bio: p.bio,
    avatarMediaId: p.avatarMediaId,
    bannerMediaId: p.bannerMediaId,
    links: p.links,
    location: p.location,
    pronouns: p.pronouns,
    birthday: p.birthday,
    birthdayVisibility: p.birthdayVisibility,
    privateAccount: row.privateAccount ?? false,
    whoCanMessage: row.whoCanMessage ?? "everyone",
    whoCanMention: row.whoCanMention ?? "everyone",
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** Profiles (with their public-facing settings) by id; missing ids are simply absent. */
export async function findProfileRecords(db: Database, ids: readonly string[]): Promise<ProfileRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select(recordColumns)
    .from(profiles)
    .leftJoin(settings, eq(settings.profileId, profiles.id))
    .where(inArray(profiles.id, [...ids]));
  return rows.map(toRecord);
}

/** Profile ids by canonical username. */
export async function findProfileIdsByUsernames(
  db: Database,
  usernames: readonly string[],
): Promise<Map<string, string>> {
  if (usernames.length === 0) return new Map();
  const rows = await db
    .select({ id: profiles.id, username: profiles.username })
    .from(profiles)
    .where(inArray(profiles.username, [...usernames]));
  return new Map(rows.map((r) => [r.username, r.id]));
}

/** The profile row, locked for update when inside a transaction that changes it. */
export async function findProfileForUpdate(db: Database, id: string): Promise<ProfileRow | undefined> {
  const [row] = await db.select().from(profiles).where(eq(profiles.id, id)).for("update");
  return row;
}

/** Inserts a profile and its default settings unless the id exists; true when it was inserted. */
export async function insertProfileIfAbsent(
  db: Database,
  values: { id: string; username: string; createdAt: Date },
): Promise<boolean> {
  const inserted = await db
    .insert(profiles)
    .values({ ...values, updatedAt: values.createdAt })
    .onConflictDoNothing({ target: profiles.id })
    .returning({ id: profiles.id });
  if (inserted.length === 0) return false;
  await db.insert(settings).values({ profileId: values.id }).onConflictDoNothing();
  return true;
}

export type ProfileChanges = Partial<Omit<typeof profiles.$inferInsert, "id" | "createdAt">>;

/** Applies changes to one profile. */
export async function updateProfileRow(db: Database, id: string, changes: ProfileChanges): Promise<void> {
  await db.update(profiles).set(changes).where(eq(profiles.id, id));
}

/** Deletes a profile (its settings go with it); returns the deleted row, if any. */
export async function deleteProfileRow(db: Database, id: string): Promise<ProfileRow | undefined> {
  const [row] = await db.delete(profiles).where(eq(profiles.id, id)).returning();
  return row;
}

/** The searchable fields of profiles after an id, in id order, with the owner's language: search's reindex pages. */
export async function listSearchableProfilesAfter(
  db: Database,
  afterId: string | undefined,
  limit: number,
): Promise<SearchableProfile[]> {
  return db
    .select({
      id: profiles.id,
      username: profiles.username,
      displayName: profiles.displayName,
      bio: profiles.bio,
      avatarMediaId: profiles.avatarMediaId,
      privateAccount: sql<boolean>`coalesce(${settings.privateAccount}, false)`,
      language: sql<string>`coalesce(${settings.language}, 'en')`,
    })
    .from(profiles)
    .leftJoin(settings, eq(settings.profileId, profiles.id))
    .where(afterId ? gt(profiles.id, afterId) : undefined)
    .orderBy(asc(profiles.id))
    .limit(limit);
}

/** What search indexes of a profile (never email or discoverability). */
export interface SearchableProfile {
  id: string;
  username: string;
  displayName: string;
  bio: string;
  avatarMediaId: string | null;
  privateAccount: boolean;
  language: string;
}
