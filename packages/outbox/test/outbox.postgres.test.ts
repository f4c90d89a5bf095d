import { afterAll, beforeAll, expect, test } from "bun:test";
import { fromBinary } from "@bufbuild/protobuf";
import { anyUnpack, Int32ValueSchema } from "@bufbuild/protobuf/wkt";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { createPostgresTestDatabase, type PostgresTestDatabase, silentLogger } from "@nova/testing";
import { createOutboxRelay } from "../src/index.ts";
import { outbox as table } from "./fixtures/kit/schema.ts";
import { enqueueSeqs, OUTBOX_TEST_MIGRATIONS, recordingPublisher, testOutbox } from "./outbox-fixture.ts";

let database: PostgresTestDatabase;

beforeAll(async () => {
  database = await createPostgresTestDatabase({ services: [OUTBOX_TEST_MIGRATIONS], maxConnections: 8 });
});
afterAll(() => database.close());

test("concurrent relays (FOR UPDATE SKIP LOCKED) publish each event once, each aggregate in order", async () => {
  // More aggregates than a batch holds: a relay holding an aggregate's earliest row blocks that
  // aggregate for the others (order), so sharing needs aggregates left over for them.
  const keys = Array.from({ length: 40 }, (_, i) => `agg-${i}`);
  for (let seq = 0; seq < 5; seq++)
    await enqueueSeqs(
      database.db,
      keys.map((key) => ({ key, seq })),
    );
  // One shared log, as a broker partition would see it. Publishing is slow next to claiming (as
  // with a real broker), so while one relay publishes its batch the others claim theirs — even on
  // a loaded machine, where a fast publisher let one relay drain everything alone.
  const { publisher, published } = recordingPublisher({ delayMs: () => 5 + Math.random() * 5 });
  const relays = Array.from({ length: 4 }, () =>
    createOutboxRelay({
      db: database.db,
      outbox: testOutbox,
      publisher,
      log: silentLogger(),
      batchSize: 10,
      pollIntervalMs: 5,
    }),
  );
  const claimedBy = await Promise.all(
    relays.map(async (relay) => {
      let claimed = 0;
      for (let idle = 0; idle < 5; ) {
        const cycle = await relay.runOnce();
        claimed += cycle.claimed;
        idle = cycle.claimed === 0 ? idle + 1 : 0;
        if (cycle.claimed === 0) await Bun.sleep(5);
      }
      return claimed;
    }),
  );

  expect(published.length).toBe(keys.length * 5);
  expect(new Set(published.map((m) => m.id)).size).toBe(published.length);
  expect(claimedBy.filter((n) => n > 0).length).toBeGreaterThan(1); // the work really was shared
  for (const key of keys) {
    const seqs = published.filter((m) => m.key === key).map(seqOf);
    expect(seqs).toEqual(Array.from({ length: 5 }, (_, i) => i));
  }
  const rows = await database.db.select({ status: table.status }).from(table);
  expect(rows.every((r) => r.status === "sent")).toBe(true);
});

function seqOf(message: { value: Uint8Array }): number {
  const envelope = fromBinary(EventEnvelopeSchema, message.value);
  return envelope.payload ? (anyUnpack(envelope.payload, Int32ValueSchema)?.value ?? -1) : -1;
}
