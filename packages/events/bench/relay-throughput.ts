/**
 * Relay throughput: events/s from committed outbox rows through the relay and the bus to an
 * idempotent consumer, for the embedded bus (PGlite) and, with KAFKA_BROKERS set, Kafka.
 * Usage: bun run packages/events/bench/relay-throughput.ts [events=5000]
 */
import { Int32ValueSchema } from "@bufbuild/protobuf/wkt";
import type { Database } from "@nova/db";
import { createOutbox, createOutboxRelay } from "@nova/outbox";
import { createTestDatabase, silentLogger } from "@nova/testing";
import { count } from "drizzle-orm";
import {
  consumerGroup,
  createEmbeddedEventBus,
  createKafkaEventBus,
  EMBEDDED_BUS_MIGRATIONS,
  type EventBus,
  idempotentHandler,
} from "../src/index.ts";
import {
  contractEffects,
  contractOutbox,
  contractProcessedEvents,
  EVENTS_CONTRACT_MIGRATIONS,
  waitUntil,
} from "../src/testing/index.ts";

const total = Number(process.argv[2] ?? 5_000);
const log = silentLogger();

async function bench(label: string, db: Database, bus: EventBus) {
  const id = Math.random().toString(36).slice(2, 8);
  const outbox = createOutbox({ service: `bench-${id}`, table: contractOutbox });
  for (let i = 0; i < total; i += 100) {
    await db.transaction(async (tx) => {
      for (let j = i; j < Math.min(total, i + 100); j++)
        await outbox.enqueue(tx, {
          aggregateId: `agg-${j % 50}`,
          schema: Int32ValueSchema,
          payload: { value: j },
        });
    });
  }
  const group = consumerGroup(`bench-consumer-${id}`);
  let handled = 0;
  const apply = idempotentHandler({
    db,
    table: contractProcessedEvents,
    consumer: group,
    handle: async (e, tx) => {
      await tx
        .insert(contractEffects)
        .values({ eventId: e.id, aggregateId: e.aggregateId, seq: 0, consumer: group });
    },
  });
  const started = performance.now();
  const relay = createOutboxRelay({ db, outbox, publisher: bus, log, batchSize: 500, pollIntervalMs: 10 });
  relay.start();
  await waitUntil("relayed", async () => (await relay.stats()).pending === 0, 600_000);
  const relayed = performance.now();
  await bus.subscribe({
    service: `bench-consumer-${id}`,
    topics: [outbox.topic],
    handler: async (e) => {
      await apply(e);
      handled++;
    },
  });
  await waitUntil("consumed", () => handled >= total, 600_000);
  const consumed = performance.now();
  await relay.stop();
  await bus.close();
  const [applied] = await db.select({ n: count() }).from(contractEffects);
  const rate = (ms: number) => Math.round(total / (ms / 1000));
  console.log(
    `${label}: ${total} events — relay ${rate(relayed - started)} events/s, ` +
      `idempotent consume ${rate(consumed - relayed)} events/s (${applied?.n} effects rows)`,
  );
}

const handle = await createTestDatabase({ services: [EMBEDDED_BUS_MIGRATIONS, EVENTS_CONTRACT_MIGRATIONS] });
await bench(
  "embedded (PGlite)",
  handle.db,
  createEmbeddedEventBus({ db: handle.db, log, batchSize: 500, pollIntervalMs: 10 }),
);
await handle.db.execute(`truncate events_contract.effects, events_contract.processed_events`);
if (process.env.KAFKA_BROKERS) {
  const brokers = process.env.KAFKA_BROKERS.split(",");
  await bench(
    "kafka (outbox in PGlite)",
    handle.db,
    createKafkaEventBus({ brokers, clientId: "nova-bench", log }),
  );
} else {
  console.log("kafka: skipped (KAFKA_BROKERS unset)");
}
await handle.close();
