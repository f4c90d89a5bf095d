import type { Admin } from "kafkajs";
import { deadLetterTopic } from "../topic-names.ts";

/**
 * Creates each topic and its `.dlq` when missing (idempotent; remembered per bus instance).
 * Topics are created explicitly because the consumer and producer run with auto-creation off:
 * a typo must not silently create a one-partition topic.
 */
export function topicEnsurer(admin: () => Promise<Admin>, partitions: number, replicationFactor: number) {
  const known = new Map<string, Promise<void>>();
  return function ensureTopic(topic: string): Promise<void> {
    let ready = known.get(topic);
    if (!ready) {
      ready = (async () => {
        const client = await admin();
        const existing = new Set(await client.listTopics());
        const missing = [topic, deadLetterTopic(topic)].filter((t) => !existing.has(t));
        if (missing.length === 0) return;
        await client.createTopics({
          waitForLeaders: true,
          topics: missing.map((t) => ({ topic: t, numPartitions: partitions, replicationFactor })),
        });
      })();
      ready.catch(() => known.delete(topic));
      known.set(topic, ready);
    }
    return ready;
  };
}
