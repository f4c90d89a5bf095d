import { pgSchema } from "drizzle-orm/pg-core";

/** Every table of trust-safety-service lives in this schema; no other service reads it. */
export const trustSafetySchema = pgSchema("trust_safety_service");

export const tz = { withTimezone: true, mode: "date" } as const;
