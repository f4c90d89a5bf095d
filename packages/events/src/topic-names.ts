export { serviceTopic } from "@nova/outbox";

/** Where events that exhausted their retries go: `<topic>.dlq`. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** The consumer group of a service (`nova-<service>`), or of one named consumer inside it. */
export function consumerGroup(service: string, consumer?: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(service)) throw new Error(`invalid service name: ${JSON.stringify(service)}`);
  return consumer ? `nova-${service}.${consumer}` : `nova-${service}`;
}
