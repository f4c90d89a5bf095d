import { createTestDatabase } from "@nova/testing";
import { createPostgresAnalyticsStore } from "../src/store/create-postgres-analytics-store.ts";
import { describeAnalyticsStoreContract } from "../src/testing/analytics-store-contract.ts";

describeAnalyticsStoreContract("PostgreSQL tables on PGlite", async () => {
  const db = await createTestDatabase({ services: ["analytics-service"] });
  const store = createPostgresAnalyticsStore(db.db);
  return { ...store, close: () => db.close() };
});
