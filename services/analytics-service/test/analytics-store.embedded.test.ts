import { createTestDatabase } from "@nova/testing";
import { parseFunnels } from "../src/domain/funnel-definitions.ts";
import { createPostgresAnalyticsStore } from "../src/store/create-postgres-analytics-store.ts";
import { describeAnalyticsStoreContract } from "../src/testing/analytics-store-contract.ts";
import { describeErasureRecovery } from "../src/testing/erasure-recovery-contract.ts";

describeAnalyticsStoreContract("PostgreSQL tables on PGlite", async () => {
  const db = await createTestDatabase({ services: ["analytics-service"] });
  const store = createPostgresAnalyticsStore(db.db);
  return { ...store, close: () => db.close() };
});

// The same suite with its funnels kept (ANALYTICS_FUNNELS): the hand-computed funnels then come
// from the per-day bitsets, the erasure clears them.
describeAnalyticsStoreContract("PostgreSQL tables on PGlite, funnels kept", async () => {
  const db = await createTestDatabase({ services: ["analytics-service"] });
  const store = createPostgresAnalyticsStore(db.db, {
    rollupZones: ["Asia/Tokyo"],
    funnels: parseFunnels("app_open>post_open>like@1h;app_open>post_open@3h").funnels,
  });
  return { ...store, close: () => db.close() };
});

// A restart is a new store on the same database; PostgreSQL's erasure is one transaction.
describeErasureRecovery("PostgreSQL tables on PGlite", async () => {
  const db = await createTestDatabase({ services: ["analytics-service"] });
  return {
    open: async (onErasureStep) => createPostgresAnalyticsStore(db.db, { onErasureStep }),
    cleanup: () => db.close(),
  };
});
