import { createProcessedEventsTable } from "@nova/events";
import { graphSchema } from "./graph-schema.ts";

/** Ledger of applied identity and user events, so a redelivered event has no second effect. */
export const processedEvents = createProcessedEventsTable(graphSchema);
