import { createProcessedEventsTable } from "@nova/events";
import { mediaSchema } from "./media-schema.ts";

/** Ledger of applied events (account deletions), so a redelivered event has no second effect. */
export const processedEvents = createProcessedEventsTable(mediaSchema);
