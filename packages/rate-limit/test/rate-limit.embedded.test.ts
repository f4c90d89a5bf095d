import { createEmbeddedCacheStore } from "@nova/cache";
import { describeRateLimitContract } from "../src/testing/index.ts";

describeRateLimitContract("the embedded cache", async () => createEmbeddedCacheStore());
