import { readEngineEnv } from "@nova/infra";
import { createTestDatabase, silentLogger } from "@nova/testing";
import { createKafkaEventBus } from "../src/index.ts";
import { describeEventBusContract, EVENTS_CONTRACT_MIGRATIONS } from "../src/testing/index.ts";

// Fails (never skips) without KAFKA_BROKERS: the infra tier must prove the Kafka adapter. The
// outbox and the consumer's tables live in PGlite; the bus is the real broker.
describeEventBusContract("kafka", async () => {
  const { KAFKA_BROKERS } = readEngineEnv(["KAFKA_BROKERS"]);
  const handle = await createTestDatabase({ services: [EVENTS_CONTRACT_MIGRATIONS] });
  let n = 0;
  return {
    db: handle.db,
    openBus: async () =>
      createKafkaEventBus({
        brokers: KAFKA_BROKERS.split(","),
        clientId: `nova-events-contract-${++n}`,
        log: silentLogger(),
        partitions: 3,
      }),
    close: () => handle.close(),
  };
});
