import { createProcessedEventsTable } from "@nova/events";
import { featureStoreSchema } from "./feature-store-schema.ts";

/** Ledger of applied source events, so a redelivered like or follow is not counted twice. */
export const processedEvents = createProcessedEventsTable(featureStoreSchema);
