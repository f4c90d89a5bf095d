import { pgSchema } from "drizzle-orm/pg-core";

/** Every table of feature-store lives in this schema; no other service reads it. */
export const featureStoreSchema = pgSchema("feature_store");
