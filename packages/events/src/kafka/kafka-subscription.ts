import type { Logger } from "@nova/observability";
import type { Consumer, EachBatchPayload, IHeaders, Producer } from "kafkajs";
import { consumerLagReporter } from "../consumer-lag-metric.ts";
import { deliverBatch, deliverWithRetries, retryPolicy } from "../deliver-with-retries.ts";
import type { SubscribeOptions, Subscription } from "../event-bus.ts";
import { EVENT_HEADERS } from "../event-headers.ts";
import { consumerGroup, deadLetterTopic } from "../topic-names.ts";

export interface KafkaSubscriptionDeps {
  consumer: (groupId: string) => Consumer;
  producer: () => Promise<Producer>;
  ensureTopic: (topic: string) => Promise<void>;
  log: Logger;
  joinTimeoutMs: number;
}

/**
 * A kafkajs consumer in group `nova-<service>`. Auto-commit is off: each partition batch commits
 * the offset after its last handled event, i.e. after that handler's transaction committed (or,
 * with a batch handler that took the whole fetched batch, after the last message of the batch).
 */
export async function startKafkaSubscription(
  deps: KafkaSubscriptionDeps,
  opts: SubscribeOptions,
): Promise<Subscription> {
  const group = consumerGroup(opts.service, opts.consumer);
  const policy = retryPolicy(opts);
  const reportLag = consumerLagReporter(opts.registry);
  const lagByPartition = new Map<string, Map<number, number>>();
  let stopping = false;
  let killed = false;
  for (const topic of opts.topics) await deps.ensureTopic(topic);
  const consumer = deps.consumer(group);
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));

  async function deadLetter(
    batch: EachBatchPayload["batch"],
    message: EachBatchPayload["batch"]["messages"][number],
    error: string,
    attempts: number,
  ) {
    const headers: IHeaders = {
      ...message.headers,
      [EVENT_HEADERS.dlqError]: error.slice(0, 1_000),
      [EVENT_HEADERS.dlqAttempts]: String(attempts),
      [EVENT_HEADERS.dlqSource]: `${batch.topic}/${batch.partition}@${message.offset}`,
    };
    await (await deps.producer()).send({
      topic: deadLetterTopic(batch.topic),
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    deps.log.error("event dead-lettered", { topic: batch.topic, group, offset: message.offset, error });
  }

  async function eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload) {
    const gone = () => killed || stopping || !isRunning() || isStale();
    const records = batch.messages.map((message) => ({
      message,
      value: message.value ?? new Uint8Array(),
      headers: stringHeaders(message.headers),
    }));
    let next: string | undefined;
    const handledUpTo = async (offset: string) => {
      resolveOffset(offset);
      next = (BigInt(offset) + 1n).toString();
      await heartbeat();
    };
    const whole = await deliverBatch(
      { topic: batch.topic, records, batchHandler: opts.batchHandler, log: deps.log },
      gone,
    );
    if (killed) return;
    const last = batch.messages.at(-1);
    if (whole === "handled" && last) {
      await handledUpTo(last.offset);
    } else {
      for (const { message, value, headers } of records) {
        if (gone()) break;
        const result = await deliverWithRetries(
          { topic: batch.topic, value, headers, handler: opts.handler, policy, log: deps.log },
          () => stopping || killed || !isRunning(),
        );
        if (killed) return;
        if (result.outcome === "aborted") break;
        if (result.outcome === "dead") await deadLetter(batch, message, result.error, result.attempts);
        await handledUpTo(message.offset);
      }
    }
    if (killed || next === undefined) return;
    await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
    const partitions = lagByPartition.get(batch.topic) ?? new Map<number, number>();
    lagByPartition.set(batch.topic, partitions);
    partitions.set(batch.partition, Number(BigInt(batch.highWatermark) - BigInt(next)));
    reportLag(
      batch.topic,
      [...partitions.values()].reduce((a, b) => a + b, 0),
    );
  }

  await consumer.connect();
  await consumer.subscribe({ topics: [...opts.topics], fromBeginning: true });
  await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${group}: did not join its consumer group within ${deps.joinTimeoutMs} ms`)),
      deps.joinTimeoutMs,
    );
  });
  try {
    await Promise.race([joined, timeout]);
  } catch (error) {
    await consumer.disconnect().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
  let stopped: Promise<void> | undefined;
  return {
    group,
    stop() {
      stopping = true;
      stopped ??= consumer.disconnect();
      return stopped;
    },
    kill() {
      killed = true;
      // Not awaited: kill may be called from inside a handler, and disconnect waits for the batch.
      stopped ??= consumer.disconnect().catch(() => {});
    },
  };
}

/** kafkajs headers are Buffers (or arrays of them); handlers get the first value as a string. */
function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}
