import { createPostgresOfflineStore } from "../src/offline/create-postgres-offline-store.ts";
import { describeOfflineStoreContract } from "../src/testing/offline-store-contract.ts";
import { DATABASE_KINDS, openDatabase } from "./support/feature-store-harness.ts";

for (const kind of DATABASE_KINDS) {
  describeOfflineStoreContract(`PostgreSQL tables on ${kind}`, async () => {
    const db = await openDatabase(kind);
    const store = createPostgresOfflineStore(db.db);
    return { ...store, close: () => db.close() };
  });
}
