export { type EntityStateRow, entityStates } from "./entity-states.ts";
export { erasedAccounts } from "./erased-accounts.ts";
export { featureStoreSchema } from "./feature-store-schema.ts";
export { offlineSnapshots } from "./offline-snapshots.ts";
export { processedEvents } from "./processed-events.ts";
