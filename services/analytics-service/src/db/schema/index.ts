import { pgSchema } from "drizzle-orm/pg-core";

/** Every table of analytics-service lives in this schema; no other service reads it. */
export const analyticsSchema = pgSchema("analytics_service");
