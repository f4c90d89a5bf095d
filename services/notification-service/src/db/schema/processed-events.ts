import { createProcessedEventsTable } from "@nova/events";
import { notificationSchema } from "./notification-schema.ts";

/** Ledger of applied peer events, so a redelivered event has no second effect. */
export const processedEvents = createProcessedEventsTable(notificationSchema);
