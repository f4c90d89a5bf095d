import { createEmbeddedCacheStore } from "../src/index.ts";
import { describeCacheContract } from "../src/testing/index.ts";

// Instances in the embedded default share one in-process store, so the "peer" is the same store.
describeCacheContract("embedded", async () => createEmbeddedCacheStore(), {
  makePeer: async (first) => first,
});
