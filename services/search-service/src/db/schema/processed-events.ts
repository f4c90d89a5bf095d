import { createProcessedEventsTable } from "@nova/events";
import { searchSchema } from "./search-schema.ts";

/** Ledger of applied peer events, so a redelivered event has no second effect. */
export const processedEvents = createProcessedEventsTable(searchSchema);
