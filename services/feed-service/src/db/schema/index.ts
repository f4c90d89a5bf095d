export { feedSchema } from "./feed-schema.ts";
export { limitedAccounts } from "./limited-accounts.ts";
