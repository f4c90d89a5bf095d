import { createTestDatabase } from "@nova/testing";
import { createPostgresAnalyticsStore } from "../src/store/create-postgres-analytics-store.ts";
import { describeAnalyticsStoreContract } from "../src/testing/analytics-store-contract.ts";
import { describeErasureRecovery } from "../src/testing/erasure-recovery-contract.ts";

describeAnalyticsStoreContract("PostgreSQL tables on PGlite", async () => {
  const db = await createTestDatabase({ services: ["analytics-service"] });
  const store = createPostgresAnalyticsStore(db.db);
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
