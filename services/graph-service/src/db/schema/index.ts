export { type AccountPrivacyRow, accountPrivacy } from "./account-privacy.ts";
export { blocks } from "./blocks.ts";
export { followRequests } from "./follow-requests.ts";
export { follows } from "./follows.ts";
export { graphSchema } from "./graph-schema.ts";
export { limitedAccounts } from "./limited-accounts.ts";
export { mutes } from "./mutes.ts";
export { outbox } from "./outbox.ts";
export { processedEvents } from "./processed-events.ts";
