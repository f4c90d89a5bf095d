import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { fromBinary } from "@bufbuild/protobuf";
import { anyUnpack, Int32ValueSchema } from "@bufbuild/protobuf/wkt";
import type { DatabaseHandle } from "@nova/db";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { createTestDatabase, silentLogger } from "@nova/testing";
import { Registry } from "prom-client";
import { createOutboxRelay, OUTBOX_METRIC_NAMES, purgeSentOutbox, serviceTopic } from "../src/index.ts";
import { outbox as table } from "./fixtures/kit/schema.ts";
import {
  enqueueSeqs,
  OUTBOX_TEST_MIGRATIONS,
  recordingPublisher,
  resetOutbox,
  testOutbox,
} from "./outbox-fixture.ts";

let handle: DatabaseHandle;
const log = silentLogger();

beforeAll(async () => {
  handle = await createTestDatabase({ services: [OUTBOX_TEST_MIGRATIONS] });
});
afterAll(() => handle.close());
beforeEach(() => resetOutbox(handle.db));

const rows = () => handle.db.select().from(table).orderBy(table.position);

describe("enqueue", () => {
  test("commits and rolls back with the business transaction", async () => {
    const [kept] = await enqueueSeqs(handle.db, [{ key: "p1", seq: 1 }]);
    await expect(
      handle.db.transaction(async (tx) => {
        await testOutbox.enqueue(tx, { aggregateId: "p2", schema: Int32ValueSchema, payload: { value: 2 } });
        throw new Error("business rule failed");
      }),
    ).rejects.toThrow("business rule failed");
    const stored = await rows();
    expect(stored.map((r) => r.id)).toEqual([kept?.id as string]);

    const envelope = fromBinary(EventEnvelopeSchema, stored[0]?.envelope as Uint8Array);
    expect(envelope.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/); // UUIDv7
    expect(envelope.type).toBe("google.protobuf.Int32Value");
    expect(envelope.source).toBe("outbox-test");
    expect(anyUnpack(envelope.payload as NonNullable<typeof envelope.payload>, Int32ValueSchema)?.value).toBe(
      1,
    );
    expect(stored[0]?.status).toBe("pending");
  });

  test("rejects an event without an aggregate id, and bad service names", async () => {
    await expect(
      handle.db.transaction((tx) =>
        testOutbox.enqueue(tx, { aggregateId: "", schema: Int32ValueSchema, payload: {} }),
      ),
    ).rejects.toThrow(/aggregateId is required/);
    expect(serviceTopic("content-service")).toBe("nova.content-service.events");
    expect(() => serviceTopic("Content Service")).toThrow(/invalid service name/);
  });
});

describe("relay", () => {
  test("publishes in order, marks sent, and retention purges sent rows", async () => {
    await enqueueSeqs(
      handle.db,
      [1, 2, 3, 4, 5].map((seq) => ({ key: `k${seq % 2}`, seq })),
    );
    const { publisher, published } = recordingPublisher();
    const relay = createOutboxRelay({ db: handle.db, outbox: testOutbox, publisher, log, batchSize: 2 });
    while ((await relay.runOnce()).claimed > 0) {}
    expect(published.map((m) => m.key)).toEqual(["k1", "k0", "k1", "k0", "k1"]);
    expect((await rows()).every((r) => r.status === "sent" && r.sentAt)).toBe(true);
    expect(await purgeSentOutbox(handle.db, table, new Date(Date.now() + 60_000))).toBe(5);
    expect(await rows()).toEqual([]);
  });

  test("a woken relay lingers, then publishes what was committed meanwhile as one batch", async () => {
    const batches: number[] = [];
    const { publisher, published } = recordingPublisher();
    const counting = {
      publish: async (topic: string, messages: Parameters<typeof publisher.publish>[1]) => {
        batches.push(messages.length);
        await publisher.publish(topic, messages);
      },
    };
    // Polls never come in this test: only wakes start a cycle.
    const relay = createOutboxRelay({
      db: handle.db,
      outbox: testOutbox,
      publisher: counting,
      log,
      pollIntervalMs: 60_000,
      lingerMs: 150,
    });
    relay.start();
    try {
      await Bun.sleep(50); // the first (empty) cycle has run; the relay waits
      await enqueueSeqs(handle.db, [{ key: "a", seq: 1 }]);
      relay.wake();
      await enqueueSeqs(handle.db, [{ key: "b", seq: 2 }]);
      relay.wake();
      await enqueueSeqs(handle.db, [{ key: "a", seq: 3 }]);
      relay.wake();
      for (let i = 0; i < 100 && published.length < 3; i++) await Bun.sleep(20);
      expect(published.map((m) => m.key)).toEqual(["a", "b", "a"]);
      expect(batches).toEqual([3]);
    } finally {
      await relay.stop();
    }
  });

  test("a wake that arrives while a cycle runs is kept: its event does not wait for the next poll", async () => {
    const { publisher, published } = recordingPublisher({ delayMs: () => 200 });
    const relay = createOutboxRelay({
      db: handle.db,
      outbox: testOutbox,
      publisher,
      log,
      pollIntervalMs: 60_000,
      lingerMs: 0,
    });
    relay.start();
    try {
      await Bun.sleep(50);
      await enqueueSeqs(handle.db, [{ key: "a", seq: 1 }]);
      relay.wake();
      await Bun.sleep(80); // the first event is being published (200 ms)
      await enqueueSeqs(handle.db, [{ key: "b", seq: 2 }]);
      relay.wake();
      for (let i = 0; i < 150 && published.length < 2; i++) await Bun.sleep(20);
      expect(published.map((m) => m.key)).toEqual(["a", "b"]);
    } finally {
      await relay.stop();
    }
  });

  test("backs off a failing event, holds its aggregate behind it, and dead-letters it after N attempts", async () => {
    const events = await enqueueSeqs(handle.db, [
      { key: "a", seq: 1 },
      { key: "a", seq: 2 },
      { key: "b", seq: 3 },
    ]);
    const poison = events[0]?.id as string;
    const { publisher, published } = recordingPublisher({ refuse: new Set([poison]) });
    const relay = createOutboxRelay({
      db: handle.db,
      outbox: testOutbox,
      publisher,
      log,
      maxAttempts: 3,
      baseDelayMs: 1,
      maxDelayMs: 1,
    });

    const first = await relay.runOnce();
    expect(first).toEqual({ claimed: 3, sent: 1, failed: 1, dead: 0 });
    expect(published.map((m) => m.key)).toEqual(["b"]); // a#2 waits behind a#1
    const failed = (await rows()).find((r) => r.id === poison);
    expect(failed?.attempts).toBe(1);
    expect(failed?.lastError).toContain("refused");
    expect(failed?.availableAt.getTime()).toBeGreaterThan((failed?.occurredAt.getTime() ?? 0) - 1);

    for (let i = 0; i < 50 && (await relay.stats()).dead === 0; i++) {
      await Bun.sleep(60); // past the backoff (the floor is 50 ms)
      await relay.runOnce();
    }
    await relay.runOnce(); // a#2 is free once a#1 is dead
    const byId = new Map((await rows()).map((r) => [r.id, r]));
    expect(byId.get(poison)?.status).toBe("dead");
    expect(byId.get(poison)?.attempts).toBe(3);
    expect(published.map((m) => m.id)).toEqual([events[2]?.id as string, events[1]?.id as string]);
    expect(await relay.stats()).toMatchObject({ pending: 0, dead: 1 });

    // After a fix, replaying the dead state retries it.
    const replayed = await relay.replay({
      from: new Date(0),
      to: new Date(Date.now() + 1_000),
      statuses: ["dead"],
    });
    expect(replayed).toBe(1);
    expect((await relay.stats()).pending).toBe(1);
  });

  test("exports backlog gauges with the registry's service/version labels", async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: "outbox-test", version: "1.2.3" });
    await enqueueSeqs(handle.db, [
      { key: "m", seq: 1 },
      { key: "m", seq: 2 },
    ]);
    await Bun.sleep(20);
    // The broker is down: rows stay pending while the relay backs off.
    const down = { publish: () => Promise.reject(new Error("broker down")) };
    const relay = createOutboxRelay({ db: handle.db, outbox: testOutbox, publisher: down, log, registry });
    relay.start();
    const text = await registry.metrics();
    expect(text).toMatch(/nova_outbox_pending_events\{service="outbox-test",version="1\.2\.3"\} 2\n/);
    const age =
      /nova_outbox_oldest_pending_age_seconds\{service="outbox-test",version="1\.2\.3"\} (\S+)/.exec(text);
    expect(Number(age?.[1])).toBeGreaterThan(0.01);
    expect(() =>
      createOutboxRelay({ db: handle.db, outbox: testOutbox, publisher: down, log, registry }).start(),
    ).toThrow(/already registered/);
    await relay.stop();
    expect(registry.getSingleMetric(OUTBOX_METRIC_NAMES.pending)).toBeUndefined();
  });
});
