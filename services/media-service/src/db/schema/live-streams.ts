import { index, integer, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { mediaSchema } from "./media-schema.ts";

export const LIVE_STATUSES = ["idle", "live", "ended"] as const;
export type LiveStatus = (typeof LIVE_STATUSES)[number];

const tz = { withTimezone: true, mode: "date" } as const;

/** A live stream: its owner pushes RTMP with the stream key; only the key's SHA-256 is kept. */
export const liveStreams = mediaSchema.table(
  "live_streams",
  {
    id: uuid().primaryKey(),
    ownerId: uuid().notNull(),
    title: text().notNull(),
    /** hex SHA-256 of the secret stream key (the key itself is shown once, at creation or rotation). */
    streamKeyHash: text().notNull(),
    status: text({ enum: LIVE_STATUSES }).notNull().default("idle"),
    startedAt: timestamp(tz),
    endedAt: timestamp(tz),
    recordingMediaId: uuid(),
    createdAt: timestamp(tz).notNull().defaultNow(),
    /**
     * MEDIA_INSTANCE_URL of the replica whose nginx received the push: it holds the transcoder and
     * the live window, and the other replicas relay live playlist/segment requests to it.
     */
    ingestInstanceUrl: text(),
    /** Viewers as last counted by the ingest replica (written at most every 5 s), for the others. */
    viewers: integer().notNull().default(0),
  },
  (t) => [
    uniqueIndex("live_streams_key_idx").on(t.streamKeyHash),
    index("live_streams_owner_idx").on(t.ownerId),
  ],
);

export type LiveStreamRow = typeof liveStreams.$inferSelect;
