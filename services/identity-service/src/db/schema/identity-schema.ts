import { pgSchema } from "drizzle-orm/pg-core";

/** Every table of identity-service lives in this schema; no other service reads it. */
export const identitySchema = pgSchema("identity_service");

/** Timestamps are timestamptz read as Date. */
export const tz = { withTimezone: true, mode: "date" } as const;
