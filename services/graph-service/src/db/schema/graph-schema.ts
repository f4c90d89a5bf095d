import { pgSchema } from "drizzle-orm/pg-core";

/** Every table of graph-service lives in this schema; no other service reads it. */
export const graphSchema = pgSchema("graph_service");
