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
import { idempotentHandler } from "../idempotent-handler.ts";
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

/** A consumer that applies events idempotently into the effects table and counts what it saw. */
export interface ContractConsumer {
  readonly group: string;
  readonly subscription: Subscription;
  /** Every handler invocation, duplicates and retries included. */
  readonly deliveries: DeliveredEvent[];
  duplicates: number;
}

/** One test's producer, topic and consumer names, unique per run so tests share a broker safely. */
export function createScenario(db: Database) {
  const id = Math.random().toString(36).slice(2, 8);
  const producer = `ct-${id}`;
  const outbox: Outbox = createOutbox({ service: producer, table: contractOutbox });
  const relays: { stop(): Promise<void> }[] = [];
  const subscriptions: Subscription[] = [];

  return {
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
      } = {},
    ): Promise<ContractConsumer> {
      const service = opts.service ?? `cc-${id}`;
      const group = consumerGroup(service);
      let resolveSub: (s: Subscription) => void = () => {};
      const subReady = new Promise<Subscription>((r) => {
        resolveSub = r;
      });
      const consumer = { group, deliveries: [] as DeliveredEvent[], duplicates: 0 } as ContractConsumer & {
        subscription: Subscription;
      };
      const apply = idempotentHandler({
        db,
        table: contractProcessedEvents,
        consumer: group,
        onDuplicate: () => {
          consumer.duplicates++;
        },
        handle: async (event, tx) => {
          const seq = event.envelope.payload
            ? (anyUnpack(event.envelope.payload, Int32ValueSchema)?.value ?? -1)
            : -1;
          await tx
            .insert(contractEffects)
            .values({ eventId: event.id, aggregateId: event.aggregateId, seq, consumer: group });
        },
      });
      const { failWhen: _failWhen, onApplied: _onApplied, ...subscribeOpts } = opts;
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
}

export type ContractScenario = ReturnType<typeof createScenario>;

/** Empties the fixture tables between tests. */
export async function resetContractTables(db: Database): Promise<void> {
  await db.execute(
    sql`truncate ${contractOutbox}, ${contractProcessedEvents}, ${contractEffects} restart identity`,
  );
}
