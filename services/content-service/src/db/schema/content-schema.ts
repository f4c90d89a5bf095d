import { pgSchema } from "drizzle-orm/pg-core";

/** Every table of content-service lives in this schema; no other service reads it. */
export const contentSchema = pgSchema("content_service");
