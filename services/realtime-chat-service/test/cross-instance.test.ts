import { createEmbeddedCacheStore } from "@nova/cache";
import { crossInstanceSuite } from "./support/cross-instance-suite.ts";

// The in-process twin of Redis pub/sub; the same suite runs on Redis in cross-instance.infra.ts.
crossInstanceSuite({ database: "pglite", cache: async () => createEmbeddedCacheStore() });
