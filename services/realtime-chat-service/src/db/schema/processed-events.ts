import { createProcessedEventsTable } from "@nova/events";
import { realtimeChatSchema } from "./chat-schema.ts";

/** Ledger of applied identity events (AccountDeleted), so a redelivered event has no second effect. */
export const processedEvents = createProcessedEventsTable(realtimeChatSchema);
