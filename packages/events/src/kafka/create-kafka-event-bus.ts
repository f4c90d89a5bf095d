import type { Logger } from "@nova/observability";
import { type Admin, Kafka, logLevel, Partitioners, type Producer } from "kafkajs";
import type { EventBus, Subscription } from "../event-bus.ts";
import { eventHeaders } from "../event-headers.ts";
import { startKafkaSubscription } from "./kafka-subscription.ts";
import { topicEnsurer } from "./kafka-topics.ts";

export interface KafkaEventBusOptions {
  /** KAFKA_BROKERS split on commas. */
  brokers: readonly string[];
  clientId: string;
  log: Logger;
  /** Partitions for topics this bus creates (existing topics are left alone). */
  partitions?: number;
  replicationFactor?: number;
  sessionTimeoutMs?: number;
  joinTimeoutMs?: number;
}

/**
 * The Kafka adapter (kafkajs). Topic `nova.<service>.events`, key = aggregate id (so one
 * aggregate's events share a partition and stay in order), headers = event type/id/traceparent.
 * The producer is idempotent with one request in flight, so retries cannot reorder a partition.
 */
export function createKafkaEventBus(opts: KafkaEventBusOptions): EventBus {
  const kafka = new Kafka({
    clientId: opts.clientId,
    brokers: [...opts.brokers],
    logLevel: logLevel.ERROR,
    logCreator:
      () =>
      ({ label, log }) =>
        opts.log.warn(`kafkajs ${label.toLowerCase()}: ${log.message}`, { logger: log.logger }),
    retry: { retries: 5, initialRetryTime: 100 },
  });
  let producer: Promise<Producer> | undefined;
  let admin: Promise<Admin> | undefined;
  const connectProducer = () => {
    producer ??= (async () => {
      const p = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await p.connect();
      return p;
    })();
    producer.catch(() => {
      producer = undefined;
    });
    return producer;
  };
  const connectAdmin = () => {
    admin ??= (async () => {
      const a = kafka.admin();
      await a.connect();
      return a;
    })();
    admin.catch(() => {
      admin = undefined;
    });
    return admin;
  };
  const ensureTopic = topicEnsurer(connectAdmin, opts.partitions ?? 3, opts.replicationFactor ?? 1);
  const subscriptions = new Set<Subscription>();
  return {
    kind: "kafka",
    async publish(topic, messages) {
      if (messages.length === 0) return;
      await ensureTopic(topic);
      await (await connectProducer()).send({
        topic,
        acks: -1,
        messages: messages.map((m) => ({
          key: m.key,
          value: Buffer.from(m.value.buffer, m.value.byteOffset, m.value.byteLength),
          headers: eventHeaders(m),
          timestamp: String(m.occurredAt.getTime()),
        })),
      });
    },
    async subscribe(sub) {
      const subscription = await startKafkaSubscription(
        {
          consumer: (groupId) =>
            kafka.consumer({
              groupId,
              allowAutoTopicCreation: false,
              sessionTimeout: opts.sessionTimeoutMs ?? 10_000,
              heartbeatInterval: 1_000,
              maxWaitTimeInMs: 200,
            }),
          producer: connectProducer,
          ensureTopic,
          log: opts.log,
          joinTimeoutMs: opts.joinTimeoutMs ?? 30_000,
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
      const closing = [producer, admin].map(async (client) => {
        if (client) await (await client.catch(() => undefined))?.disconnect();
      });
      await Promise.all(closing);
    },
  };
}
