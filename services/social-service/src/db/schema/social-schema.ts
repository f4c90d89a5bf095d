import { pgSchema } from "drizzle-orm/pg-core";

/** Every table of social-service lives in this schema; no other service reads it. */
export const socialSchema = pgSchema("social_service");
