import { pgSchema } from "drizzle-orm/pg-core";

/** Every table of user-service lives in this schema; no other service reads it. */
export const userSchema = pgSchema("user_service");
