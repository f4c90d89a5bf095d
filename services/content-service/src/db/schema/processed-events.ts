import { createProcessedEventsTable } from "@nova/events";
import { contentSchema } from "./content-schema.ts";

/** Ledger of applied identity events, so a redelivered AccountDeleted has no second effect. */
export const processedEvents = createProcessedEventsTable(contentSchema);
