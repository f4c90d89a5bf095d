import { expect, test } from "bun:test";
import { Registry } from "prom-client";
import { CONSUMER_LAG_METRIC } from "../consumer-lag-metric.ts";
import { EVENT_HEADERS } from "../event-headers.ts";
import { inOrderPerKey, waitUntil } from "./contract-scenario.ts";
import type { ContractContext } from "./event-bus-contract.ts";

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/** Happy-path behaviour: what arrives, in which order, and where a restarted consumer resumes. */
export function deliveryContract(ctx: ContractContext): void {
  test("delivers an outbox event with its envelope, headers and trace, and reports lag", async () => {
    const s = ctx.scenario;
    const registry = new Registry();
    registry.setDefaultLabels({ service: s.consumerService, version: "test" });
    const consumer = await s.consume(ctx.bus, { registry });
    const [sent] = await s.enqueue([{ key: "post-1", seq: 7 }], TRACEPARENT);
    s.startRelay(ctx.bus);
    await waitUntil("the event is applied", async () => (await s.effectCounts(consumer.group)).events === 1);

    const event = consumer.deliveries[0];
    expect(event?.id).toBe(sent?.id as string);
    expect(event?.type).toBe("google.protobuf.Int32Value");
    expect(event?.aggregateId).toBe("post-1");
    expect(event?.source).toBe(s.producer);
    expect(event?.topic).toBe(`nova.${s.producer}.events`);
    expect(event?.traceparent).toBe(TRACEPARENT);
    expect(event?.headers[EVENT_HEADERS.type]).toBe("google.protobuf.Int32Value");
    expect(event?.headers[EVENT_HEADERS.id]).toBe(sent?.id as string);
    expect(event?.headers[EVENT_HEADERS.traceparent]).toBe(TRACEPARENT);
    expect((await s.effects(consumer.group))[0]?.seq).toBe(7);
    expect((await s.outboxRows())[0]?.status).toBe("sent");

    // Lag is reported after the offset commit, which follows the handler's transaction.
    const lagOf = async () =>
      (await registry.getSingleMetric(CONSUMER_LAG_METRIC)?.get())?.values.find(
        (v) => v.labels.topic === s.topic,
      );
    await waitUntil("consumer lag is reported", async () => (await lagOf()) !== undefined);
    expect((await lagOf())?.value).toBe(0);
    expect(await registry.metrics()).toContain(`service="${s.consumerService}"`);
  });

  test("keeps each aggregate's events in order across batches and transactions", async () => {
    const s = ctx.scenario;
    const keys = ["a", "b", "c", "d", "e"];
    const perKey = 20;
    const consumer = await s.consume(ctx.bus);
    for (let round = 0; round < perKey; round += 4) {
      const events = [];
      for (let seq = round; seq < round + 4; seq++) for (const key of keys) events.push({ key, seq });
      await s.enqueue(events);
    }
    s.startRelay(ctx.bus, { batchSize: 7 });
    const total = keys.length * perKey;
    await waitUntil(
      `${total} events applied`,
      async () => (await s.effectCounts(consumer.group)).events === total,
    );

    const effects = await s.effects(consumer.group);
    for (const key of keys) {
      const seqs = effects.filter((e) => e.aggregateId === key).map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: perKey }, (_, i) => i));
    }
  });

  test("a batch handler applies a burst in batches: each event once, in order per key", async () => {
    const s = ctx.scenario;
    const total = 30;
    const consumer = await s.consumeBurst(ctx.bus, total, "apply");

    expect(consumer.batches.some((b) => b.length > 1)).toBe(true);
    // A batch handled whole never reaches the handler; only events fetched alone do.
    expect(consumer.batches.flat().length + consumer.deliveries.length).toBe(total);
    expect(consumer.duplicates).toBe(0);
    expect(await s.effectCounts(consumer.group)).toEqual({ rows: total, events: total });
    expect(await s.seqsPerKey(consumer.group)).toEqual(inOrderPerKey(total));
  });

  test("a restarted consumer resumes after its committed offset (durable offsets)", async () => {
    const s = ctx.scenario;
    const first = await s.consume(ctx.bus);
    await s.enqueue([1, 2, 3, 4, 5].map((seq) => ({ key: `k${seq % 2}`, seq })));
    s.startRelay(ctx.bus);
    await waitUntil("first 5 applied", async () => (await s.effectCounts(first.group)).events === 5);
    await first.subscription.stop();

    await s.enqueue([6, 7, 8, 9, 10].map((seq) => ({ key: `k${seq % 2}`, seq })));
    const restarted = await s.consume(await ctx.openBus());
    await waitUntil("all 10 applied", async () => (await s.effectCounts(first.group)).events === 10);
    expect(restarted.deliveries.map((d) => d.envelope.aggregateId).length).toBe(5);
    expect(restarted.duplicates).toBe(0);
    expect(await s.effectCounts(first.group)).toEqual({ rows: 10, events: 10 });
  });

  test("replay republishes a time range with the same ids; idempotent consumers skip them", async () => {
    const s = ctx.scenario;
    const from = new Date(Date.now() - 1_000);
    const consumer = await s.consume(ctx.bus);
    await s.enqueue([1, 2, 3].map((seq) => ({ key: "r", seq })));
    const relay = s.startRelay(ctx.bus);
    await waitUntil("3 applied", async () => (await s.effectCounts(consumer.group)).events === 3);

    expect(await relay.replay({ from, to: new Date(Date.now() + 1_000) })).toBe(3);
    relay.wake();
    await waitUntil("3 redeliveries skipped", () => consumer.duplicates === 3);
    expect(consumer.deliveries.length).toBe(6);
    expect(await s.effectCounts(consumer.group)).toEqual({ rows: 3, events: 3 });
    await expect(relay.replay({ from: new Date(), to: from })).rejects.toBeInstanceOf(RangeError);
  });
}
