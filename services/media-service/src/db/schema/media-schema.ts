import { pgSchema } from "drizzle-orm/pg-core";

/** Every table of media-service lives in this schema; no other service reads it. */
export const mediaSchema = pgSchema("media_service");
