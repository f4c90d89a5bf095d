import { pgSchema } from "drizzle-orm/pg-core";

/** Every table of search-service lives in this schema; no other service reads it. */
export const searchSchema = pgSchema("search_service");
