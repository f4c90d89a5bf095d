import { createProcessedEventsTable } from "@nova/events";
import { identitySchema } from "./identity-schema.ts";

/** Ledger of applied trust-safety events, so a redelivered event has no second effect. */
export const processedEvents = createProcessedEventsTable(identitySchema);
