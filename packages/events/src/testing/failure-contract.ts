import { expect, test } from "bun:test";
import { StringValueSchema } from "@bufbuild/protobuf/wkt";
import type { OutboxPublisher } from "@nova/outbox";
import { EVENT_HEADERS } from "../event-headers.ts";
import { deadLetterTopic } from "../topic-names.ts";
import { inOrderPerKey, waitUntil } from "./contract-scenario.ts";
import type { ContractContext } from "./event-bus-contract.ts";

/** Crashes and poison: nothing acknowledged is lost, nothing applies twice, nothing blocks the rest. */
export function failureContract(ctx: ContractContext): void {
  test("a consumer killed mid-batch loses nothing and applies nothing twice", async () => {
    const s = ctx.scenario;
    const total = 30;
    await s.relayBurst(ctx.bus, total);

    let applied = 0;
    const doomed = await s.consume(ctx.bus, {
      onApplied: async (_event, sub) => {
        // Dies right after the 10th transaction committed, before any offset commit of its batch.
        if (++applied === 10) (await sub).kill();
      },
    });
    await waitUntil("the consumer was killed", () => applied >= 10);
    const afterRestart = await s.consume(await ctx.openBus());
    await waitUntil("all events applied", async () => (await s.effectCounts(doomed.group)).events === total);
    await waitUntil("redelivered events skipped", () => afterRestart.duplicates > 0);

    expect(await s.effectCounts(doomed.group)).toEqual({ rows: total, events: total });
    for (const seqs of Object.values(await s.seqsPerKey(doomed.group))) {
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  });

  test("a batch handler that throws falls back to the handler: each event applies once, in key order", async () => {
    const s = ctx.scenario;
    const total = 30;
    const consumer = await s.consumeBurst(ctx.bus, total, "throw");

    expect(consumer.batches.some((b) => b.length > 1)).toBe(true);
    // The failed batches' transactions recorded nothing: each event reached the handler once, new.
    expect(consumer.deliveries.length).toBe(total);
    expect(consumer.duplicates).toBe(0);
    expect(await s.effectCounts(consumer.group)).toEqual({ rows: total, events: total });
    expect(await s.seqsPerKey(consumer.group)).toEqual(inOrderPerKey(total));
  });

  test("a crash between the business commit and the publish is delivered after restart", async () => {
    const s = ctx.scenario;
    const [event] = await s.enqueue([{ key: "order-1", seq: 1 }]);
    // Relay A claims the row, then its process "dies" inside publish: the promise never settles.
    let die: (error: Error) => void = () => {};
    const dying: OutboxPublisher = {
      publish: () =>
        new Promise<void>((_, reject) => {
          die = reject;
        }),
    };
    const relayA = s.startRelay(dying, { leaseMs: 300 });
    await waitUntil("relay A claimed the row", async () => (await s.outboxRows())[0]?.claimToken != null);
    expect((await s.outboxRows())[0]?.status).toBe("pending");

    const bus = await ctx.openBus();
    const consumer = await s.consume(bus);
    s.startRelay(bus, { leaseMs: 300 });
    await waitUntil("the event is applied", async () => (await s.effectCounts(consumer.group)).events === 1);
    expect(consumer.deliveries[0]?.id).toBe(event?.id as string);

    // The dead relay's late failure must not undo what the new relay recorded.
    die(new Error("process died"));
    await relayA.stop();
    const [row] = await s.outboxRows();
    expect(row?.status).toBe("sent");
    expect(row?.attempts).toBe(0);
  });

  test("a poison event ends in the dead-letter topic while the rest flow", async () => {
    const s = ctx.scenario;
    const poisonKey = "poison";
    const dlq = await s.consume(ctx.bus, {
      service: `dlq-${s.id}`,
      topics: [deadLetterTopic(s.topic)],
      handler: async () => {},
    });
    const consumer = await s.consume(ctx.bus, {
      maxAttempts: 3,
      retryBaseDelayMs: 5,
      failWhen: (event) => event.aggregateId === poisonKey,
    });
    const events = await s.enqueue([
      { key: "a", seq: 1 },
      { key: poisonKey, seq: 2 },
      { key: "a", seq: 3 },
      { key: "b", seq: 4 },
    ]);
    s.startRelay(ctx.bus);
    await waitUntil("the poison event reaches the DLQ", () => dlq.deliveries.length === 1);
    await waitUntil(
      "the others are applied",
      async () => (await s.effectCounts(consumer.group)).events === 3,
    );

    const dead = dlq.deliveries[0];
    expect(dead?.id).toBe(events[1]?.id as string);
    expect(dead?.topic).toBe(deadLetterTopic(s.topic));
    expect(dead?.headers[EVENT_HEADERS.dlqError]).toContain("cannot apply this event");
    expect(dead?.headers[EVENT_HEADERS.dlqAttempts]).toBe("3");
    expect(consumer.deliveries.filter((d) => d.aggregateId === poisonKey).length).toBe(3);
  });

  test("an event the bus refuses (too large) goes dead in the outbox while the rest flow", async () => {
    const s = ctx.scenario;
    const consumer = await s.consume(ctx.bus);
    const huge = await ctx.harness.db.transaction((tx) =>
      s.outbox.enqueue(tx, {
        aggregateId: "huge",
        schema: StringValueSchema,
        payload: { value: "x".repeat(1_200_000) },
      }),
    );
    await s.enqueue([1, 2, 3, 4].map((seq) => ({ key: `k${seq % 2}`, seq })));
    const relay = s.startRelay(ctx.bus, { maxAttempts: 2 });
    await waitUntil("the huge event is dead and the rest relayed", async () => {
      const stats = await relay.stats();
      return stats.dead === 1 && stats.pending === 0;
    });
    await waitUntil(
      "the others are applied",
      async () => (await s.effectCounts(consumer.group)).events === 4,
    );

    const dead = (await s.outboxRows()).find((r) => r.id === huge.id);
    expect(dead?.status).toBe("dead");
    expect(dead?.attempts).toBe(2);
    expect(dead?.lastError).toBeTruthy();
    expect(consumer.deliveries.some((d) => d.id === huge.id)).toBe(false);
  });
}
