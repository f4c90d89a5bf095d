import { pgSchema } from "drizzle-orm/pg-core";

/** Every table of feed-service lives in this schema; no other service reads it. */
export const feedSchema = pgSchema("feed_service");
