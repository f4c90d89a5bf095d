import { afterAll } from "bun:test";
import type { DatabaseHandle } from "@nova/db";
import { createTestDatabase } from "@nova/testing";
import { createPostgresImpressionStore } from "../src/store/postgres-impression-store.ts";
import { describeImpressionStoreContract } from "../src/testing/index.ts";

let db: DatabaseHandle | undefined;
afterAll(() => db?.close());

describeImpressionStoreContract("embedded (ranking_service tables on PGlite)", async () => {
  db = await createTestDatabase({ services: ["ranking-service"] });
  return createPostgresImpressionStore(db.db);
});
