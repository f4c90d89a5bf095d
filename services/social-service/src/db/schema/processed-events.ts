import { createProcessedEventsTable } from "@nova/events";
import { socialSchema } from "./social-schema.ts";

/** Ledger of applied content and identity events, so a redelivered event has no second effect. */
export const processedEvents = createProcessedEventsTable(socialSchema);
