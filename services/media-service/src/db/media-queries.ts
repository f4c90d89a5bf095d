import type { Database } from "@nova/db";
import { and, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { type MediaRow, media, type UploadSessionRow, uploadSessions } from "./schema/index.ts";

export async function findMedia(db: Database, id: string): Promise<MediaRow | undefined> {
  const [row] = await db.select().from(media).where(eq(media.id, id));
  return row;
}

export async function findMediaByIds(db: Database, ids: readonly string[]): Promise<MediaRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(media)
    .where(inArray(media.id, [...ids]));
}

/** Locks rows in id order (no deadlock between two attaches of overlapping sets). */
export async function lockMediaByIds(db: Database, ids: readonly string[]): Promise<MediaRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(media)
    .where(inArray(media.id, [...ids]))
    .orderBy(media.id)
    .for("update");
}

export async function storedBytesOf(db: Database, ownerId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${media.storedBytes}), 0)` })
    .from(media)
    .where(eq(media.ownerId, ownerId));
  return Number(row?.total ?? 0);
}

export async function listOwnedMedia(db: Database, ownerId: string): Promise<MediaRow[]> {
  return db.select().from(media).where(eq(media.ownerId, ownerId)).orderBy(media.createdAt);
}

export async function listUnattachedBefore(db: Database, before: Date, limit: number): Promise<MediaRow[]> {
  return db
    .select()
    .from(media)
    .where(and(isNull(media.attachedTo), lt(media.updatedAt, before)))
    .limit(limit);
}

/** Upload sessions never completed, opened before `before` (abandoned: their bytes are collected). */
export async function listAbandonedUploadsBefore(
  db: Database,
  before: Date,
  limit: number,
): Promise<UploadSessionRow[]> {
  return db
    .select()
    .from(uploadSessions)
    .where(and(isNull(uploadSessions.mediaId), lt(uploadSessions.createdAt, before)))
    .limit(limit);
}

/** Ready media attached to any of `subjects`, each subject's in attach order. */
export async function listAttachedTo(db: Database, subjects: readonly string[]): Promise<MediaRow[]> {
  if (subjects.length === 0) return [];
  return db
    .select()
    .from(media)
    .where(and(inArray(media.attachedTo, [...subjects]), eq(media.status, "ready")))
    .orderBy(media.attachedTo, media.attachedOrder);
}
