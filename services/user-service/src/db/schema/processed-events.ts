import { createProcessedEventsTable } from "@nova/events";
import { userSchema } from "./user-schema.ts";

/** Ledger of applied identity events, so a redelivered account event has no second effect. */
export const processedEvents = createProcessedEventsTable(userSchema);
