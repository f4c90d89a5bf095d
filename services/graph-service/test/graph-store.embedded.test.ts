import { EMBEDDED_BUS_MIGRATIONS } from "@nova/events";
import { createPostgresTestDatabase, createTestDatabase } from "@nova/testing";
import { createPostgresGraphStore } from "../src/store/postgres/create-postgres-graph-store.ts";
import { describeGraphStoreContract } from "../src/testing/graph-store-contract.ts";

// The embedded adapter on both of its databases: PGlite (the default) and the machine's PostgreSQL.
for (const [label, open] of [
  [
    "postgres adapter on PGlite",
    () => createTestDatabase({ services: ["graph-service", EMBEDDED_BUS_MIGRATIONS] }),
  ],
  [
    "postgres adapter on PostgreSQL",
    () => createPostgresTestDatabase({ services: ["graph-service", EMBEDDED_BUS_MIGRATIONS] }),
  ],
] as const) {
  describeGraphStoreContract(label, async () => {
    const handle = await open();
    const store = createPostgresGraphStore(handle.db);
    return { ...store, close: () => handle.close() };
  });
}
