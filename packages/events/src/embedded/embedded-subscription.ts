import { type Database, preparedPerDatabase } from "@nova/db";
import type { Logger } from "@nova/observability";
import { and, asc, eq, gte, sql } from "drizzle-orm";
import { consumerLagReporter } from "../consumer-lag-metric.ts";
import { deliverBatch, deliverWithRetries, retryPolicy } from "../deliver-with-retries.ts";
import type { SubscribeOptions, Subscription } from "../event-bus.ts";
import { EVENT_HEADERS } from "../event-headers.ts";
import { consumerGroup, deadLetterTopic } from "../topic-names.ts";
import type { LogRecord } from "./append-to-log.ts";
import { busLog } from "./bus-schema.ts";
import { commitOffset, endOffset, leaseTopic, releaseLease } from "./consumer-offsets.ts";

// Every poll of every topic reads a batch (mostly an empty one): built once per database handle.
const readBatch = preparedPerDatabase((db) =>
  db
    .select()
    .from(busLog)
    .where(and(eq(busLog.topic, sql.placeholder("topic")), gte(busLog.offset, sql.placeholder("from"))))
    .orderBy(asc(busLog.offset))
    .limit(sql.placeholder("limit"))
    .prepare("nova_bus_read_batch"),
);

export interface EmbeddedSubscriptionDeps {
  db: Database;
  log: Logger;
  batchSize: number;
  pollIntervalMs: number;
  /** Wait after a poll that found events but no full batch (see EmbeddedEventBusOptions). */
  lingerMs: number;
  leaseMs: number;
  append: (topic: string, records: LogRecord[]) => Promise<void>;
  /** Registers a waker the bus calls after each local append; returns the unregister function. */
  onAppend: (wake: () => void) => () => void;
}

/**
 * One group member reading its topics from the log. Per batch: read from the committed offset,
 * offer the whole batch to the batch handler when there is one, else (or when it throws) hand each
 * event to the handler (retries in place, then `<topic>.dlq`), then commit the offset after the
 * last handled event — so a crash mid-batch replays that batch's tail, never skips it.
 */
export function startEmbeddedSubscription(
  deps: EmbeddedSubscriptionDeps,
  opts: SubscribeOptions,
): Subscription {
  const group = consumerGroup(opts.service, opts.consumer);
  const owner = crypto.randomUUID();
  const policy = retryPolicy(opts);
  const reportLag = consumerLagReporter(opts.registry);
  let stopping = false;
  let killed = false;
  let wake: (() => void) | undefined;
  const unsubscribe = deps.onAppend(() => wake?.());

  // Per topic: the next offset to read and until when (local clock) this member surely holds the
  // lease — renewed at half its length, so an idle poll is one read and no write.
  const held = new Map<string, { next: number; until: number }>();

  async function pollTopic(topic: string): Promise<number> {
    const key = { group, topic, owner };
    let lease = held.get(topic);
    if (!lease || lease.until <= performance.now()) {
      const takenAt = performance.now();
      const offset = await leaseTopic(deps.db, { ...key, leaseMs: deps.leaseMs });
      if (offset === undefined) {
        held.delete(topic);
        return 0;
      }
      lease = { next: offset, until: takenAt + deps.leaseMs / 2 };
      held.set(topic, lease);
    }
    const next = lease.next;
    const batch = await readBatch(deps.db).execute({ topic, from: next, limit: deps.batchSize });
    let committed = next;
    const whole = await deliverBatch(
      { topic, records: batch, batchHandler: opts.batchHandler, log: deps.log },
      () => stopping,
    );
    const last = batch.at(-1);
    if (whole === "handled" && last) {
      committed = last.offset + 1;
    } else {
      for (const record of batch) {
        if (stopping) break;
        const result = await deliverWithRetries(
          {
            topic,
            value: record.value,
            headers: record.headers,
            handler: opts.handler,
            policy,
            log: deps.log,
          },
          () => stopping,
        );
        if (killed) return batch.length;
        if (result.outcome === "aborted") break;
        if (result.outcome === "dead") {
          await deps.append(deadLetterTopic(topic), [
            {
              key: record.key,
              eventId: record.eventId,
              eventType: record.eventType,
              headers: {
                ...record.headers,
                [EVENT_HEADERS.dlqError]: result.error.slice(0, 1_000),
                [EVENT_HEADERS.dlqAttempts]: String(result.attempts),
                [EVENT_HEADERS.dlqSource]: `${topic}@${record.offset}`,
              },
              value: record.value,
            },
          ]);
          deps.log.error("event dead-lettered", {
            topic,
            group,
            eventId: record.eventId,
            error: result.error,
          });
        }
        committed = record.offset + 1;
      }
    }
    if (killed) return batch.length;
    if (committed > next) {
      await commitOffset(deps.db, key, committed);
      lease.next = committed;
    }
    // An empty batch means nothing lies past `next`: lag 0 without asking (an idle consumer's
    // poll costs two queries instead of three).
    reportLag(topic, batch.length === 0 ? 0 : (await endOffset(deps.db, topic)) - committed);
    return batch.length;
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      let fetched = 0;
      let full = false;
      try {
        for (const topic of opts.topics) {
          const n = await pollTopic(topic);
          fetched += n;
          full ||= n >= deps.batchSize;
        }
      } catch (error) {
        // What this member believed about its leases may be stale: take them again next time.
        held.clear();
        deps.log.warn("embedded consumer poll failed", { group, error: (error as Error).message });
      }
      if (stopping) continue;
      if (fetched > 0) {
        if (!full && deps.lingerMs > 0) await Bun.sleep(deps.lingerMs);
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deps.pollIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  const running = loop();
  return {
    group,
    async stop() {
      stopping = true;
      wake?.();
      await running;
      unsubscribe();
      if (killed) return;
      for (const topic of opts.topics) await releaseLease(deps.db, { group, topic, owner }).catch(() => {});
    },
    kill() {
      killed = true;
      stopping = true;
      wake?.();
      unsubscribe();
    },
  };
}
