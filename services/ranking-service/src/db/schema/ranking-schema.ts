import { pgSchema } from "drizzle-orm/pg-core";

/** Every table of ranking-service lives in this schema; no other service reads it. */
export const rankingSchema = pgSchema("ranking_service");
