import { anyUnpack, Int32ValueSchema } from "@bufbuild/protobuf/wkt";
import type { Database } from "@nova/db";
import {
  createOutbox,
  createOutboxRelay,
  type Outbox,
  type OutboxPublisher,
  type OutboxRelayOptions,
} from "@nova/outbox";
import { silentLogger } from "@nova/testing";
import { count, countDistinct, eq, sql } from "drizzle-orm";
import type { DeliveredEvent, EventBus, SubscribeOptions, Subscription } from "../event-bus.ts";
import { idempotentBatchHandler, idempotentHandler } from "../idempotent-handler.ts";
import { consumerGroup } from "../topic-names.ts";
import { contractEffects, contractOutbox, contractProcessedEvents } from "./fixture/contract-schema.ts";

/** What a contract run needs from an adapter. */
export interface EventBusContractHarness {
  /** A database migrated with EVENTS_CONTRACT_MIGRATIONS (and the bus's own, if it has any). */
  readonly db: Database;
  /** A new bus instance over the same backend — "the process after a restart". */
  openBus(): Promise<EventBus>;
  close(): Promise<void>;
}

/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await Bun.sleep(25);
  }
}

/** `total` events over keys k0, k1, k2: (k0, 0), (k1, 1), (k2, 2), (k0, 3), … */
const burst = (total: number) => Array.from({ length: total }, (_, seq) => ({ key: `k${seq % 3}`, seq }));

/** Per key, its seqs in the order given. */
function seqsByKey(events: readonly { key: string; seq: number }[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const { key, seq } of events) out[key] = [...(out[key] ?? []), seq];
  return out;
}

/** What `relayBurst(bus, total)` applied in order gives: k0 → 0, 3, 6, …; k1 → 1, 4, …; k2 → 2, 5, … */
export const inOrderPerKey = (total: number) => seqsByKey(burst(total));

/** A consumer that applies events idempotently into the effects table and counts what it saw. */
export interface ContractConsumer {
  readonly group: string;
  readonly subscription: Subscription;
  /** Every handler invocation, duplicates and retries included. */
  readonly deliveries: DeliveredEvent[];
  /** Every batch handler invocation (with `batch`), failed ones included. */
  readonly batches: (readonly DeliveredEvent[])[];
  duplicates: number;
}

/** One test's producer, topic and consumer names, unique per run so tests share a broker safely. */
export function createScenario(db: Database) {
  const id = Math.random().toString(36).slice(2, 8);
  const producer = `ct-${id}`;
  const outbox: Outbox = createOutbox({ service: producer, table: contractOutbox });
  const relays: { stop(): Promise<void> }[] = [];
  const subscriptions: Subscription[] = [];

  const scenario = {
    id,
    producer,
    outbox,
    topic: outbox.topic,
    consumerService: `cc-${id}`,

    /** Enqueues (aggregateId, seq) events, one transaction per call, like a domain verb would. */
    async enqueue(events: readonly { key: string; seq: number }[], traceparent?: string) {
      return db.transaction(async (tx) => {
        const envelopes = [];
        for (const e of events) {
          envelopes.push(
            await outbox.enqueue(tx, {
              aggregateId: e.key,
              schema: Int32ValueSchema,
              payload: { value: e.seq },
              traceparent,
            }),
          );
        }
        return envelopes;
      });
    },

    startRelay(publisher: OutboxPublisher, extra: Partial<OutboxRelayOptions> = {}) {
      const relay = createOutboxRelay({
        db,
        outbox,
        publisher,
        log: silentLogger(),
        pollIntervalMs: 20,
        baseDelayMs: 20,
        maxDelayMs: 100,
        ...extra,
      });
      relay.start();
      relays.push(relay);
      return relay;
    },

    async consume(
      bus: EventBus,
      opts: Partial<SubscribeOptions> & {
        /** Throw instead of applying (a poison event for this consumer). */
        failWhen?: (event: DeliveredEvent) => boolean;
        onApplied?: (event: DeliveredEvent, sub: Promise<Subscription>) => Promise<void> | void;
        /**
         * Also subscribe a batch handler (idempotentBatchHandler into the effects table): "apply",
         * or "throw" after writing the effects, so its transaction rolls back and the bus falls back.
         */
        batch?: "apply" | "throw";
      } = {},
    ): Promise<ContractConsumer> {
      const service = opts.service ?? `cc-${id}`;
      const group = consumerGroup(service);
      let resolveSub: (s: Subscription) => void = () => {};
      const subReady = new Promise<Subscription>((r) => {
        resolveSub = r;
      });
      const consumer = {
        group,
        deliveries: [] as DeliveredEvent[],
        batches: [] as (readonly DeliveredEvent[])[],
        duplicates: 0,
      } as ContractConsumer & { subscription: Subscription };
      const ledger = {
        db,
        table: contractProcessedEvents,
        consumer: group,
        onDuplicate: () => {
          consumer.duplicates++;
        },
      };
      const effectRow = (event: DeliveredEvent) => ({
        eventId: event.id,
        aggregateId: event.aggregateId,
        seq: event.envelope.payload ? (anyUnpack(event.envelope.payload, Int32ValueSchema)?.value ?? -1) : -1,
        consumer: group,
      });
      const apply = idempotentHandler({
        ...ledger,
        handle: async (event, tx) => {
          await tx.insert(contractEffects).values(effectRow(event));
        },
      });
      const applyBatch = idempotentBatchHandler({
        ...ledger,
        handleBatch: async (events, tx) => {
          await tx.insert(contractEffects).values(events.map(effectRow));
          if (opts.batch === "throw") throw new Error("cannot apply this batch");
        },
      });
      const { failWhen: _failWhen, onApplied: _onApplied, batch, ...subscribeOpts } = opts;
      const subscription = await bus.subscribe({
        topics: [outbox.topic],
        ...subscribeOpts,
        service,
        handler: async (event) => {
          consumer.deliveries.push(event);
          if (opts.failWhen?.(event)) throw new Error("cannot apply this event");
          await (opts.handler ?? apply)(event);
          await opts.onApplied?.(event, subReady);
        },
        ...(batch && {
          batchHandler: async (events) => {
            consumer.batches.push(events);
            await applyBatch(events);
          },
        }),
      });
      resolveSub(subscription);
      consumer.subscription = subscription;
      subscriptions.push(subscription);
      return consumer;
    },

    /** Applied effects of a group, in apply order. */
    effects: (group: string) =>
      db
        .select()
        .from(contractEffects)
        .where(eq(contractEffects.consumer, group))
        .orderBy(contractEffects.id),

    /** Per aggregate, the seqs a group applied, in apply order. */
    async seqsPerKey(group: string): Promise<Record<string, number[]>> {
      return seqsByKey((await scenario.effects(group)).map((e) => ({ key: e.aggregateId, seq: e.seq })));
    },

    /** Enqueues `total` events over keys k0, k1, k2 and waits until the relay has published them all. */
    async relayBurst(publisher: OutboxPublisher, total: number) {
      await scenario.enqueue(burst(total));
      const relay = scenario.startRelay(publisher);
      await waitUntil("the outbox is relayed", async () => (await relay.stats()).pending === 0);
      return relay;
    },

    /** Relays a burst of `total` events, then consumes it with a batch handler until all are applied. */
    async consumeBurst(bus: EventBus, total: number, batch: "apply" | "throw"): Promise<ContractConsumer> {
      await scenario.relayBurst(bus, total);
      const consumer = await scenario.consume(bus, { batch });
      await waitUntil(
        `${total} events applied`,
        async () => (await scenario.effectCounts(consumer.group)).events === total,
      );
      return consumer;
    },

    /** Rows applied and distinct events applied, for a group. */
    async effectCounts(group: string) {
      const [row] = await db
        .select({ rows: count(), events: countDistinct(contractEffects.eventId) })
        .from(contractEffects)
        .where(eq(contractEffects.consumer, group));
      return { rows: row?.rows ?? 0, events: row?.events ?? 0 };
    },

    outboxRows: () => db.select().from(contractOutbox).orderBy(contractOutbox.position),

    async cleanup() {
      for (const s of subscriptions) await s.stop().catch(() => {});
      for (const r of relays) await r.stop().catch(() => {});
    },
  };
  return scenario;
}

export type ContractScenario = ReturnType<typeof createScenario>;

/** Empties the fixture tables between tests. */
export async function resetContractTables(db: Database): Promise<void> {
  await db.execute(
    sql`truncate ${contractOutbox}, ${contractProcessedEvents}, ${contractEffects} restart identity`,
  );
}
