import { createPostgresTestDatabase, createTestDatabase, silentLogger } from "@nova/testing";
import { createEmbeddedEventBus, EMBEDDED_BUS_MIGRATIONS } from "../src/index.ts";
import { describeEventBusContract, EVENTS_CONTRACT_MIGRATIONS } from "../src/testing/index.ts";

const services = [EMBEDDED_BUS_MIGRATIONS, EVENTS_CONTRACT_MIGRATIONS];

// Short leases and polls so "restart after a crash" takes milliseconds, not the 15 s default.
const busOptions = { log: silentLogger(), pollIntervalMs: 20, leaseMs: 500 };

describeEventBusContract("embedded (PGlite)", async () => {
  const handle = await createTestDatabase({ services });
  return {
    db: handle.db,
    openBus: async () => createEmbeddedEventBus({ db: handle.db, ...busOptions }),
    close: () => handle.close(),
  };
});

describeEventBusContract("embedded (PostgreSQL)", async () => {
  const handle = await createPostgresTestDatabase({ services });
  return {
    db: handle.db,
    openBus: async () => createEmbeddedEventBus({ db: handle.db, ...busOptions }),
    close: () => handle.close(),
  };
});
