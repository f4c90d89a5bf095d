import { bigint, index, integer, jsonb, real, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { mediaSchema } from "./media-schema.ts";

export const MEDIA_KINDS = ["image", "gif", "video"] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];
export const MEDIA_STATUSES = ["processing", "ready", "failed"] as const;
export type MediaStatus = (typeof MEDIA_STATUSES)[number];

/** One stored rendition (blob keys, not URLs: URLs are signed when a view is built). */
export interface StoredVariant {
  name: string;
  key: string;
  width: number;
  height: number;
  contentType: string;
  size: number;
  fallback?: { key: string; contentType: string; size: number };
  /** AVIF rendition of the same pixels (MEDIA_AVIF=1). */
  avif?: { key: string; contentType: string; size: number };
}

export interface StoredVideo {
  durationMs: number;
  /** Blob key prefix of the HLS files (master.m3u8, <rendition>.m3u8, segments). */
  hlsPrefix: string;
  posterKey: string;
  renditions: Array<{ name: string; width: number; height: number; bandwidth: number }>;
}

const tz = { withTimezone: true, mode: "date" } as const;

/** One uploaded photo, GIF or video and what was made of it. */
export const media = mediaSchema.table(
  "media",
  {
    id: uuid().primaryKey(),
    ownerId: uuid().notNull(),
    kind: text({ enum: MEDIA_KINDS }).notNull(),
    status: text({ enum: MEDIA_STATUSES }).notNull(),
    alt: text().notNull().default(""),
    focusX: real().notNull().default(0),
    focusY: real().notNull().default(0),
    width: integer(),
    height: integer(),
    blurhash: text(),
    variants: jsonb().$type<StoredVariant[]>().notNull().default([]),
    video: jsonb().$type<StoredVideo>(),
    /** The original upload (videos keep it until processed; images never store it). */
    sourceKey: text(),
    /** Every byte stored for this object, counted against the owner's quota. */
    storedBytes: bigint({ mode: "number" }).notNull().default(0),
    processingProgress: real().notNull().default(0),
    error: text(),
    /** "<kind>:<id>" of what holds it (post, comment, avatar, banner); null → collected once unattached (updatedAt) for MEDIA_UNATTACHED_TTL. */
    attachedTo: text(),
    /** Position among the subject's media (a post's images keep the order they were given in). */
    attachedOrder: integer().notNull().default(0),
    createdAt: timestamp(tz).notNull().defaultNow(),
    updatedAt: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [
    index("media_owner_idx").on(t.ownerId, t.createdAt),
    index("media_attached_to_idx").on(t.attachedTo),
    index("media_unattached_idx").on(t.updatedAt),
  ],
);

export type MediaRow = typeof media.$inferSelect;

/** An upload session: the client PUTs bytes to a signed URL, then completes it. */
export const uploadSessions = mediaSchema.table(
  "upload_sessions",
  {
    id: uuid().primaryKey(),
    ownerId: uuid().notNull(),
    declaredContentType: text().notNull(),
    declaredSize: bigint({ mode: "number" }).notNull(),
    sha256: text(),
    key: text().notNull(),
    expiresAt: timestamp(tz).notNull(),
    mediaId: uuid(),
    createdAt: timestamp(tz).notNull().defaultNow(),
    /** Set for a multipart session: the store's upload id, the part size and how many parts. */
    multipartUploadId: text(),
    partSize: bigint({ mode: "number" }),
    partCount: integer(),
  },
  (t) => [index("upload_sessions_owner_idx").on(t.ownerId)],
);

export type UploadSessionRow = typeof uploadSessions.$inferSelect;
