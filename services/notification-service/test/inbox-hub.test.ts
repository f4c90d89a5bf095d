import { createCacheStore } from "@nova/cache";
import { describeInboxHubContract } from "../src/testing/inbox-hub-contract.ts";

// The embedded twin: one in-process store stands for the cache both instances share.
describeInboxHubContract("embedded", async () => {
  const store = await createCacheStore({});
  return [store, store];
});
