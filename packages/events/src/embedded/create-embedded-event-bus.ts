import type { Database } from "@nova/db";
import type { Logger } from "@nova/observability";
import type { EventBus, Subscription } from "../event-bus.ts";
import { eventHeaders } from "../event-headers.ts";
import { appendToLog, type LogRecord } from "./append-to-log.ts";
import { startEmbeddedSubscription } from "./embedded-subscription.ts";

export interface EmbeddedEventBusOptions {
  /** A database migrated with EMBEDDED_BUS_MIGRATIONS (the shared PGlite in the embedded default). */
  db: Database;
  log: Logger;
  /** Events read per consumer batch (offsets are committed per batch). */
  batchSize?: number;
  pollIntervalMs?: number;
  /**
   * After a poll that found events but no full batch, how long a consumer waits before the next
   * one (Kafka's `fetch.max.wait.ms`): a busy topic is then read a batch at a time rather than an
   * event at a time — each poll is a read, an offset commit and a lag query. Default 20 ms.
   */
  lingerMs?: number;
  /** How long a group member's claim on a topic lasts without renewal (a crashed member's expires). */
  leaseMs?: number;
  /** Kafka's default broker limit, so a message too large for Kafka fails here too. */
  maxMessageBytes?: number;
}

/**
 * The embedded adapter: topics are rows in `nova_bus.log`, consumer offsets rows in
 * `nova_bus.consumer_offsets`, so delivery survives restarts like Kafka's. Consumers in this process
 * are woken right after a publish; other processes on the same PostgreSQL find events by polling.
 */
export function createEmbeddedEventBus(opts: EmbeddedEventBusOptions): EventBus {
  const cfg = {
    db: opts.db,
    log: opts.log,
    batchSize: opts.batchSize ?? 100,
    pollIntervalMs: opts.pollIntervalMs ?? 200,
    lingerMs: opts.lingerMs ?? 20,
    leaseMs: opts.leaseMs ?? 15_000,
  };
  const maxMessageBytes = opts.maxMessageBytes ?? 1_048_588;
  const wakers = new Set<() => void>();
  const subscriptions = new Set<Subscription>();
  const append = async (topic: string, records: LogRecord[]) => {
    await appendToLog(opts.db, topic, records, maxMessageBytes);
    for (const wake of wakers) wake();
  };
  return {
    kind: "embedded",
    publish: (topic, messages) =>
      append(
        topic,
        messages.map((m) => ({
          key: m.key,
          eventId: m.id,
          eventType: m.type,
          headers: eventHeaders(m),
          value: m.value,
        })),
      ),
    async subscribe(sub) {
      const subscription = startEmbeddedSubscription(
        {
          ...cfg,
          append,
          onAppend: (wake) => {
            wakers.add(wake);
            return () => wakers.delete(wake);
          },
        },
        sub,
      );
      subscriptions.add(subscription);
      return {
        group: subscription.group,
        stop: () => {
          subscriptions.delete(subscription);
          return subscription.stop();
        },
        kill: () => {
          subscriptions.delete(subscription);
          subscription.kill();
        },
      };
    },
    async close() {
      await Promise.all([...subscriptions].map((s) => s.stop()));
      subscriptions.clear();
    },
  };
}
