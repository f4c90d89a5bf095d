import { pgSchema } from "drizzle-orm/pg-core";

/** Every table of identity-service lives in this schema; no other service reads it. */
export const identitySchema = pgSchema("identity_service");
