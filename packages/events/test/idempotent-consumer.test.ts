import { afterAll, beforeAll, expect, test } from "bun:test";
import { create, toBinary } from "@bufbuild/protobuf";
import type { DatabaseHandle } from "@nova/db";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { createTestDatabase, silentLogger } from "@nova/testing";
import { eq, sql } from "drizzle-orm";
import {
  busLog,
  createEmbeddedEventBus,
  type DeliveredEvent,
  deadLetterTopic,
  EMBEDDED_BUS_MIGRATIONS,
  EVENT_HEADERS,
  idempotentBatchHandler,
  idempotentHandler,
  purgeEmbeddedLog,
  purgeProcessedEvents,
} from "../src/index.ts";
import {
  contractEffects,
  contractProcessedEvents,
  EVENTS_CONTRACT_MIGRATIONS,
  waitUntil,
} from "../src/testing/index.ts";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase({ services: [EMBEDDED_BUS_MIGRATIONS, EVENTS_CONTRACT_MIGRATIONS] });
});
afterAll(() => handle.close());

function event(id: string): DeliveredEvent {
  const envelope = create(EventEnvelopeSchema, { id, type: "t", aggregateId: "a", source: "s" });
  return {
    id,
    type: "t",
    aggregateId: "a",
    occurredAt: new Date(),
    traceparent: undefined,
    source: "s",
    topic: "nova.s.events",
    headers: {},
    envelope,
    attempt: 1,
  };
}

test("a redelivered event has no second effect; a failed handler leaves no ledger row", async () => {
  let duplicates = 0;
  let fail = true;
  const handle1 = idempotentHandler({
    db: handle.db,
    table: contractProcessedEvents,
    consumer: "nova-test",
    onDuplicate: () => duplicates++,
    handle: async (e, tx) => {
      await tx
        .insert(contractEffects)
        .values({ eventId: e.id, aggregateId: e.aggregateId, seq: 1, consumer: "t" });
      if (fail) throw new Error("transient");
    },
  });
  const e = event(Bun.randomUUIDv7());
  await expect(handle1(e)).rejects.toThrow("transient");
  fail = false;
  await handle1(e);
  await handle1(e);
  await Promise.all([handle1(e), handle1(e)]);
  const effects = await handle.db
    .select()
    .from(contractEffects)
    .where(sql`${contractEffects.eventId} = ${e.id}`);
  expect(effects.length).toBe(1);
  expect(duplicates).toBe(3);
});

test("a batch applies in one transaction only the events not recorded before, in order", async () => {
  const consumer = `nova-batch-${Bun.randomUUIDv7()}`;
  const applied: string[][] = [];
  const duplicates: string[] = [];
  let fail = true;
  const handleBatch = idempotentBatchHandler({
    db: handle.db,
    table: contractProcessedEvents,
    consumer,
    onDuplicate: (e) => duplicates.push(e.id),
    handleBatch: async (events, tx) => {
      await tx
        .insert(contractEffects)
        .values(events.map((e) => ({ eventId: e.id, aggregateId: e.aggregateId, seq: 1, consumer })));
      if (fail) throw new Error("transient");
      applied.push(events.map((e) => e.id));
    },
  });
  const [a, b, c] = [event(Bun.randomUUIDv7()), event(Bun.randomUUIDv7()), event(Bun.randomUUIDv7())];
  // A failed batch leaves neither effects nor ledger rows.
  await expect(handleBatch([a, b])).rejects.toThrow("transient");
  fail = false;
  await handleBatch([a, b]);
  // b is a redelivery, c is new and arrives twice in the batch: only c applies, once.
  await handleBatch([b, c, c]);
  await handleBatch([a, c]);
  expect(applied).toEqual([[a.id, b.id], [c.id]]);
  expect(duplicates).toEqual([b.id, c.id, a.id, c.id]);
  const effects = await handle.db
    .select({ eventId: contractEffects.eventId })
    .from(contractEffects)
    .where(eq(contractEffects.consumer, consumer))
    .orderBy(contractEffects.id);
  expect(effects.map((e) => e.eventId)).toEqual([a.id, b.id, c.id]);
});

test("retention deletes processed rows older than N days only", async () => {
  const old = Bun.randomUUIDv7();
  const recent = Bun.randomUUIDv7();
  await handle.db.insert(contractProcessedEvents).values([
    {
      consumer: "retention",
      eventId: old,
      eventType: "t",
      processedAt: new Date(Date.now() - 10 * 86_400_000),
    },
    { consumer: "retention", eventId: recent, eventType: "t" },
  ]);
  expect(await purgeProcessedEvents(handle.db, contractProcessedEvents, { olderThanDays: 7 })).toBe(1);
  const left = await handle.db
    .select({ id: contractProcessedEvents.eventId })
    .from(contractProcessedEvents)
    .where(sql`${contractProcessedEvents.consumer} = 'retention'`);
  expect(left.map((r) => r.id)).toEqual([recent]);
  await expect(
    purgeProcessedEvents(handle.db, contractProcessedEvents, { olderThanDays: 0 }),
  ).rejects.toThrow(RangeError);
});

test("a message that is not an EventEnvelope goes straight to the DLQ without reaching the handler", async () => {
  const bus = createEmbeddedEventBus({ db: handle.db, log: silentLogger(), pollIntervalMs: 10 });
  const topic = "nova.garbage-test.events";
  const seen: DeliveredEvent[] = [];
  await bus.subscribe({
    service: "garbage-consumer",
    topics: [topic],
    handler: async (e) => void seen.push(e),
  });
  const good = create(EventEnvelopeSchema, { id: Bun.randomUUIDv7(), type: "t", aggregateId: "k" });
  const base = { key: "k", traceparent: null, occurredAt: new Date(), type: "t" };
  await bus.publish(topic, [
    { ...base, id: "bad", value: new Uint8Array([0xff, 0xff, 0xff]) },
    { ...base, id: good.id, value: toBinary(EventEnvelopeSchema, good) },
  ]);
  await waitUntil("the good event is handled", () => seen.length === 1);
  expect(seen[0]?.id).toBe(good.id);
  await bus.close();
  const dead = await handle.db
    .select()
    .from(busLog)
    .where(eq(busLog.topic, deadLetterTopic(topic)));
  expect(dead.map((r) => r.eventId)).toEqual(["bad"]);
  expect(dead[0]?.headers[EVENT_HEADERS.dlqError]).toContain("not an EventEnvelope");
  expect(dead[0]?.headers[EVENT_HEADERS.dlqAttempts]).toBe("0");
});

test("embedded log retention keeps offsets dense for what remains", async () => {
  const bus = createEmbeddedEventBus({ db: handle.db, log: silentLogger() });
  const topic = "nova.retention-test.events";
  const envelope = create(EventEnvelopeSchema, { id: Bun.randomUUIDv7(), type: "t", aggregateId: "k" });
  const message = { id: envelope.id, key: "k", traceparent: null, occurredAt: new Date(), type: "t" };
  await bus.publish(topic, [{ ...message, value: toBinary(EventEnvelopeSchema, envelope) }]);
  await handle.db.execute(
    sql`update ${busLog} set appended_at = now() - interval '30 days' where topic = ${topic}`,
  );
  await bus.publish(topic, [{ ...message, value: toBinary(EventEnvelopeSchema, envelope) }]);
  expect(await purgeEmbeddedLog(handle.db, { olderThanDays: 7 })).toBe(1);
  const left = await handle.db.select({ offset: busLog.offset }).from(busLog).where(eq(busLog.topic, topic));
  expect(left.map((r) => r.offset)).toEqual([1]);
  // The newest message stays even when old, so offsets are never reused.
  await handle.db.execute(
    sql`update ${busLog} set appended_at = now() - interval '30 days' where topic = ${topic}`,
  );
  expect(await purgeEmbeddedLog(handle.db, { olderThanDays: 7 })).toBe(0);
  await bus.publish(topic, [{ ...message, value: toBinary(EventEnvelopeSchema, envelope) }]);
  const offsets = await handle.db
    .select({ offset: busLog.offset })
    .from(busLog)
    .where(eq(busLog.topic, topic));
  expect(offsets.map((r) => r.offset).sort()).toEqual([1, 2]);
  await expect(purgeEmbeddedLog(handle.db, { olderThanDays: -1 })).rejects.toThrow(RangeError);
});

test("a busy topic is read a batch at a time: events published while the consumer lingers arrive together", async () => {
  const bus = createEmbeddedEventBus({
    db: handle.db,
    log: silentLogger(),
    pollIntervalMs: 10,
    lingerMs: 300,
  });
  const topic = "nova.linger-test.events";
  const single: string[] = [];
  const batches: string[][] = [];
  await bus.subscribe({
    service: "linger-consumer",
    topics: [topic],
    handler: async (e) => void single.push(e.id),
    batchHandler: async (events) => void batches.push(events.map((e) => e.id)),
  });
  const publish = async (id: string) => {
    const envelope = create(EventEnvelopeSchema, { id, type: "t", aggregateId: id, source: "s" });
    await bus.publish(topic, [
      {
        id,
        key: id,
        traceparent: null,
        occurredAt: new Date(),
        type: "t",
        value: toBinary(EventEnvelopeSchema, envelope),
      },
    ]);
  };
  await publish("e1");
  await waitUntil("the first event is handled", () => single.length === 1);
  for (const id of ["e2", "e3", "e4"]) await publish(id); // within the 300 ms linger
  await waitUntil("the rest are handled", () => batches.flat().length === 3);
  await bus.close();
  expect(single).toEqual(["e1"]);
  expect(batches).toEqual([["e2", "e3", "e4"]]);
});
